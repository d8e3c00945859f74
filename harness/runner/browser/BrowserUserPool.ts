import type { Browser } from '@playwright/test';
import { DeadlineError, waitFor } from '../../common/waitFor.ts';
import type { HistoryWriter } from '../../recorder/HistoryWriter.ts';
import { SimulatedUserIds } from '../fixtures/SimulatedUserIds.ts';
import { BrowserUser, type PageSnapshot } from './BrowserUser.ts';
import { DomCanaryLeakError } from './DomCanaryLeakError.ts';
import { findDomCanaryLeaks, type DomCanaryLeak } from './findDomCanaryLeaks.ts';

/** Where the access token lives for the page, as the real frontend keeps it after sign-in. */
export const TOKEN_STORAGE_KEY = 'netra.access_token';

export interface BrowserUserPoolOptions {
  browser: Browser;
  /** The backend's HTTP base; the page is `<httpUrl>/chat`. */
  httpUrl: string;
  history: HistoryWriter;
  /** Signs an access token for a user id. */
  sign: (userId: string) => Promise<string>;
  /** Unique per test: user ids are `gp<hex>-b0001`, … (see SimulatedUserIds) */
  tag: string;
  /** Deadline of a page load + connect. Default 15 000 ms. */
  connectTimeoutMs?: number;
  /** Pages opened at once. Default 5. */
  concurrency?: number;
  /** Runs once before the pages close (the fixture captures screenshots and probes the DOM here). */
  beforeClose?: (pool: BrowserUserPool) => Promise<void>;
}

/**
 * The browser users of one test: each its own context (storage, cookies) signed in as its own user, one tab on /chat.
 * @example
 * const people = await browserUsers.open(10);
 * await Promise.all(people.map((p) => p.ask('What changed this week? [tools:1]')));
 * await browserUsers.waitForAnswers({ timeoutMs: 15_000 });
 */
export class BrowserUserPool implements AsyncDisposable {
  readonly all: BrowserUser[] = [];
  private closing: Promise<void> | undefined;

  private readonly ids: SimulatedUserIds;

  constructor(private readonly options: BrowserUserPoolOptions) {
    this.ids = new SimulatedUserIds(options.tag, 'b');
  }

  get chatUrl(): string {
    return `${this.options.httpUrl}/chat`;
  }

  /** Opens `n` more users, at most `concurrency` page loads at once. */
  async open(n: number): Promise<BrowserUser[]> {
    const ids = Array.from({ length: n }, () => this.ids.next());
    const opened: (BrowserUser | undefined)[] = new Array(n);
    const failures: Error[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < n; i = next++) {
        try {
          opened[i] = await this.openOne(ids[i] as string);
        } catch (error) {
          failures.push(error as Error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 5, n) }, worker));
    const users = opened.filter((u): u is BrowserUser => u !== undefined);
    this.all.push(...users);
    if (failures.length > 0)
      throw new Error(
        `${failures.length} of ${n} browser users could not open the chat page; first: ${failures[0]?.message}`,
        { cause: failures[0] },
      );
    return users;
  }

  /** Reads every page once: what each displays and the runs it shows. */
  async snapshots(): Promise<Map<BrowserUser, PageSnapshot[]>> {
    const entries = await Promise.all(
      this.all.map(
        async (user) =>
          [user, await Promise.all(user.pages.filter((p) => !p.isClosed()).map((p) => user.snapshot(p)))] as const,
      ),
    );
    return new Map(entries);
  }

  /** The DOM canary probe: canaries each page displays that its own user never sent. */
  async probe(): Promise<DomCanaryLeak[]> {
    const snapshots = await this.snapshots();
    return findDomCanaryLeaks(
      [...snapshots].flatMap(([user, pages]) =>
        pages.map((page) => ({ user: user.userId, text: page.text, own: user.canaries })),
      ),
    );
  }

  /** Throws DomCanaryLeakError, naming the users, when any page displays another user's canary. */
  async assertNoLeaks(): Promise<void> {
    const leaks = await this.probe();
    if (leaks.length > 0) throw new DomCanaryLeakError(leaks);
  }

  /**
   * Waits until every user's page shows each of its runs completed. Fails at once when a page displays a foreign
   * canary (DomCanaryLeakError) or a run failed; after `timeoutMs` names the users still waiting.
   */
  async waitForAnswers(options: { timeoutMs: number; users?: readonly BrowserUser[] }): Promise<void> {
    const users = options.users ?? this.all;
    let pending: string[] = [];
    try {
      await waitFor(
        async () => {
          const snapshots = await this.snapshots();
          const leaks = findDomCanaryLeaks(
            [...snapshots].flatMap(([user, pages]) =>
              pages.map((page) => ({ user: user.userId, text: page.text, own: user.canaries })),
            ),
          );
          if (leaks.length > 0) throw new DomCanaryLeakError(leaks);
          pending = [];
          for (const user of users) {
            const runs = (snapshots.get(user) ?? []).flatMap((p) => p.runs);
            const failed = runs.findIndex((status) => status === 'error');
            if (failed !== -1)
              throw new Error(
                `run ${failed + 1} of browser user ${user.userId} failed on the page: expected completed, received error`,
              );
            if (runs.length === 0 || runs.some((status) => status !== 'completed'))
              pending.push(`${user.userId} (${runs.join(', ') || 'no run'})`);
          }
          return pending.length === 0 ? true : undefined;
        },
        { what: 'pages still waiting', timeoutMs: options.timeoutMs, intervalMs: 100 },
      );
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      throw new Error(
        `${pending.length} of ${users.length} browser users' pages did not show every run completed within ${options.timeoutMs} ms: ${pending.slice(0, 5).join('; ')}${pending.length > 5 ? '; …' : ''}`,
        { cause: error },
      );
    }
  }

  async screenshots(): Promise<{ name: string; body: Buffer }[]> {
    return (await Promise.all(this.all.map((u) => u.screenshots()))).flat();
  }

  /** Leaves every page (each socket's close is recorded) and closes the contexts; idempotent. */
  closeAll(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.options.beforeClose?.(this).catch(() => undefined);
      await Promise.all(this.all.map((u) => u.close().catch(() => undefined)));
    })());
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.closeAll();
  }

  private async openOne(userId: string): Promise<BrowserUser> {
    const token = await this.options.sign(userId);
    const origin = new URL(this.options.httpUrl).origin;
    const context = await this.options.browser.newContext({ viewport: { width: 800, height: 700 } });
    // signed in the way the frontend keeps a session: the token in the origin's localStorage (cheaper than storageState,
    // which loads the origin once per context)
    await context.addInitScript(
      ({ origin, key, token }) => {
        try {
          if (location.origin === origin && localStorage.getItem(key) === null) localStorage.setItem(key, token);
        } catch {
          // opaque origins (about:blank) have no storage
        }
      },
      { origin, key: TOKEN_STORAGE_KEY, token },
    );
    try {
      return await BrowserUser.open({
        userId,
        context,
        chatUrl: this.chatUrl,
        history: this.options.history,
        timeoutMs: this.options.connectTimeoutMs ?? 15_000,
      });
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }
}
