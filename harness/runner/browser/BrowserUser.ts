import type { BrowserContext, Locator, Page } from '@playwright/test';
import { makeCanary } from '../../../contracts/index.ts';
import type { HistoryWriter } from '../../recorder/HistoryWriter.ts';
import { observeSocketCloses } from './observeSocketCloses.ts';
import { recordTabSockets, type TabRecording } from './recordTabSockets.ts';

/** A page's view of its runs, read in one round trip. */
export interface PageSnapshot {
  /** `data-status` of each run article, oldest first: sent, running, completed, error. */
  runs: string[];
  /** The text the page displays. */
  text: string;
  status: string;
}

export interface BrowserUserOptions {
  userId: string;
  context: BrowserContext;
  chatUrl: string;
  history: HistoryWriter;
}

/**
 * One simulated person in a browser: their own context (isolated storage, signed in with their own token), one tab on
 * the chat page, every socket of that tab recorded. They find elements by role and label, as a person would.
 * @example
 * const { canary } = await alice.ask('Plan my week [tools:1]');
 * await expect(alice.run(1).getByRole('region', { name: 'Final response' })).toContainText(canary);
 */
export class BrowserUser {
  readonly userId: string;
  readonly context: BrowserContext;
  /** Canaries of every request this user typed. */
  readonly canaries = new Set<string>();
  private readonly tabs: { page: Page; recording: TabRecording }[] = [];

  private constructor(private readonly options: BrowserUserOptions) {
    this.userId = options.userId;
    this.context = options.context;
  }

  /** Opens the user's first tab on the chat page and waits until the page says it is connected. */
  static async open(options: BrowserUserOptions & { timeoutMs: number }): Promise<BrowserUser> {
    const user = new BrowserUser(options);
    await observeSocketCloses(options.context, (close) => {
      for (const tab of user.tabs) if (tab.recording.reportClose(close)) return;
    });
    try {
      await user.newTab({ timeoutMs: options.timeoutMs });
    } catch (error) {
      await user.close();
      throw error;
    }
    return user;
  }

  /** The user's first tab. */
  get page(): Page {
    const tab = this.tabs[0];
    if (tab === undefined) throw new Error(`browser user ${this.userId} has no tab`);
    return tab.page;
  }

  get pages(): Page[] {
    return this.tabs.map((t) => t.page);
  }

  /** Opens one more tab on the chat page (conn `<user>#browser-<n>`). */
  async newTab(options: { timeoutMs: number }): Promise<Page> {
    const page = await this.context.newPage();
    const recording = recordTabSockets(page, this.options.history, {
      user: this.userId,
      conn: `${this.userId}#browser-${this.tabs.length + 1}`,
    });
    this.tabs.push({ page, recording });
    await page.goto(this.options.chatUrl, { timeout: options.timeoutMs });
    await this.waitConnected(page, options.timeoutMs);
    return page;
  }

  /** Types the request with a fresh canary into the message box and presses Send. */
  async ask(request: string, page: Page = this.page): Promise<{ text: string; canary: string }> {
    const canary = makeCanary();
    const text = `${request} [ref ${canary}]`;
    this.canaries.add(canary);
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
    return { text, canary };
  }

  /** The n-th run (1-based) of the conversation. */
  run(n: number, page: Page = this.page): Locator {
    return page.getByRole('article', { name: `Run ${n}`, exact: true });
  }

  status(page: Page = this.page): Locator {
    return page.getByRole('status');
  }

  /** Reloads the tab (its socket goes away with 1001; the page reconnects with a new ticket) and waits for the welcome. */
  async reload(options: { timeoutMs: number }, page: Page = this.page): Promise<void> {
    this.tabs.find((t) => t.page === page)?.recording.leaving();
    await page.reload({ timeout: options.timeoutMs });
    await this.waitConnected(page, options.timeoutMs);
  }

  async snapshot(page: Page = this.page): Promise<PageSnapshot> {
    return page.evaluate(() => ({
      runs: [...document.querySelectorAll('#conversation > article')].map((a) => a.getAttribute('data-status') ?? ''),
      text: document.body?.innerText ?? '',
      status: document.getElementById('status')?.textContent ?? '',
    }));
  }

  async screenshots(): Promise<{ name: string; body: Buffer }[]> {
    const shots: { name: string; body: Buffer }[] = [];
    for (const [i, tab] of this.tabs.entries()) {
      if (tab.page.isClosed()) continue;
      const body = await tab.page.screenshot({ fullPage: true, timeout: 5000 }).catch(() => undefined);
      if (body) shots.push({ name: `${this.userId}-tab${i + 1}.png`, body });
    }
    return shots;
  }

  /** Leaves every tab (about:blank: the sockets close with 1001 and are recorded), then closes the context. */
  async close(): Promise<void> {
    for (const tab of this.tabs) {
      tab.recording.leaving();
      if (!tab.page.isClosed()) await tab.page.goto('about:blank', { timeout: 5000 }).catch(() => undefined);
    }
    await Promise.all(this.tabs.map((t) => t.recording.settle(2000)));
    for (const tab of this.tabs) tab.recording.detach();
    await this.context.close().catch(() => undefined);
  }

  private async waitConnected(page: Page, timeoutMs: number): Promise<void> {
    await page
      .getByRole('button', { name: 'Send' })
      .and(page.locator(':enabled'))
      .waitFor({ timeout: timeoutMs })
      .catch(async (error: Error) => {
        const status = await page
          .getByRole('status')
          .textContent()
          .catch(() => '?');
        throw new Error(
          `the chat page of browser user ${this.userId} did not connect within ${timeoutMs} ms (status line: "${status}")`,
          { cause: error },
        );
      });
  }
}
