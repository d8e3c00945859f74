import type { Browser } from '@playwright/test';
import { checkHistoryFile } from '../../checks/checkHistory.ts';
import { InfrastructureError } from '../../common/GoldpathError.ts';
import type { HistoryWriter } from '../../recorder/HistoryWriter.ts';
import { raised } from '../fixtures/raised.ts';
import { requirementReason } from '../fixtures/requirementReason.ts';
import { resolveRunIdentity } from '../launch/runIdentity.ts';
import { test as base } from '../fixtures/test.ts';
import { poolTag } from '../fixtures/UserPool.ts';
import { BrowserUserPool } from './BrowserUserPool.ts';
import { DomCanaryLeakError } from './DomCanaryLeakError.ts';
import type { DomCanaryLeak } from './findDomCanaryLeaks.ts';
import { tryLaunchChromium } from './tryLaunchChromium.ts';

/** Browser users a scenario gets by default; `GOLDPATH_BROWSER_USERS` overrides, `--users` too (capped, each is a renderer). */
const MAX_BROWSER_USERS_FROM_USERS = 50;

export interface BrowserTestFixtures {
  /** The browser users of the test, on the run's target; the DOM canary probe runs over their pages when the test ends. */
  browserUsers: BrowserUserPool;
  /**
   * More browser users on the run's target with options: `history` (default the test's) for a scenario that checks a
   * history of its own, `probe: false` to leave the DOM probe to the scenario.
   */
  browserUsersWith: (options?: { history?: HistoryWriter; probe?: boolean }) => BrowserUserPool;
  /** How many browser users a scenario written for `n` opens at this run's scale. */
  browserScale: (n: number) => number;
  /** Skips the test, with the reason and how to get a browser, when no Chromium can be launched or the target serves no chat page. */
  browserGate: void;
}

export interface BrowserWorkerFixtures {
  /** Chromium launched once per worker, or why it could not be (missing, or failing to start). */
  chromiumLaunch: { browser: Browser } | { unavailable: string };
}

/**
 * goldpath's `test` with browser users: each its own context, signed in as its own backend user, its sockets recorded in
 * the same history format, so contract, order, completeness and isolation checks run unchanged on browser traffic.
 * Without a browser the tests are skipped with the reason (an infrastructure error when GOLDPATH_REQUIRE_BROWSER=1, as
 * `goldpath run --project browser` sets); without `capabilities.chatPage` they are skipped too.
 * @example
 * test('one person in a browser', async ({ browserUsers }) => {
 *   const [alice] = await browserUsers.open(1);
 *   const { canary } = await alice!.ask('Summarise Q3 [tools:1]');
 *   await expect(alice!.run(1).getByRole('region', { name: 'Final response' })).toContainText(canary);
 * });
 */
export const test = base.extend<BrowserTestFixtures, BrowserWorkerFixtures>({
  chromiumLaunch: [
    async ({ launchOptions }, use) => {
      const launched = await tryLaunchChromium(process.env, launchOptions);
      await use(launched);
      if ('browser' in launched) await launched.browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  browser: [
    async ({ chromiumLaunch }, use) => {
      if ('unavailable' in chromiumLaunch)
        throw raised(new InfrastructureError('GOLDPATH_NO_BROWSER', chromiumLaunch.unavailable));
      await use(chromiumLaunch.browser);
    },
    { scope: 'worker' },
  ],

  browserGate: [
    async ({ chromiumLaunch, capabilities }, use, testInfo) => {
      if ('unavailable' in chromiumLaunch) {
        if (process.env.GOLDPATH_REQUIRE_BROWSER === '1')
          throw raised(
            new InfrastructureError('GOLDPATH_NO_BROWSER', chromiumLaunch.unavailable),
            'the browser project was asked for',
          );
        testInfo.skip(true, chromiumLaunch.unavailable);
      }
      const reason = requirementReason(capabilities, 'chatPage');
      testInfo.skip(reason !== undefined, reason);
      await use();
    },
    { auto: true },
  ],

  browserScale: async ({ goldpathConfig }, use) => {
    const env = Number(process.env.GOLDPATH_BROWSER_USERS);
    const fromUsers =
      goldpathConfig.users === undefined ? undefined : Math.min(goldpathConfig.users, MAX_BROWSER_USERS_FROM_USERS);
    await use((n) => (Number.isInteger(env) && env > 0 ? env : (fromUsers ?? n)));
  },

  browserUsersWith: async ({ browser, history, users, goldpathConfig, target }, use, testInfo) => {
    const { runId } = resolveRunIdentity(goldpathConfig.reports.outDir);
    const tag = poolTag(runId, testInfo.testId, testInfo.repeatEachIndex, testInfo.retry);
    const pools: BrowserUserPool[] = [];
    const shots: { name: string; body: Buffer }[] = [];
    const leaks: DomCanaryLeak[] = [];
    await use((options = {}) => {
      const probe = options.probe ?? true;
      const pool = new BrowserUserPool({
        browser,
        httpUrl: target.httpUrl,
        history: options.history ?? history,
        tag: pools.length === 0 ? tag : `${tag}p${pools.length}`,
        sign: (userId) => users.token(userId),
        beforeClose: async (closing) => {
          if (probe) leaks.push(...(await closing.probe()));
          shots.push(...(await closing.screenshots()));
        },
      });
      pools.push(pool);
      return pool;
    });
    for (const pool of pools) await pool.closeAll();
    await history.flush();
    const historyFailed = await checkHistoryFile(history.path)
      .then((c) => c.findings.some((f) => f.severity === 'error'))
      .catch(() => false);
    if (leaks.length > 0 || historyFailed || testInfo.status !== testInfo.expectedStatus) {
      for (const shot of shots)
        await testInfo.attach(`screenshot-${shot.name}`, { body: shot.body, contentType: 'image/png' });
    }
    if (leaks.length > 0) throw new DomCanaryLeakError(leaks);
  },

  browserUsers: async ({ browserUsersWith }, use) => {
    await use(browserUsersWith());
  },
});

export { expect } from '../fixtures/test.ts';
