import { signUserToken } from '../../client/signUserToken.ts';
import { checkHistoryFile } from '../../checks/checkHistory.ts';
import type { HistoryWriter } from '../../recorder/HistoryWriter.ts';
import type { StartedTarget } from '../../targets/index.ts';
import { resolveRunIdentity } from '../runIdentity.ts';
import { test as base } from '../test.ts';
import { poolTag } from '../UserPool.ts';
import { BrowserUserPool } from './BrowserUserPool.ts';
import { DomCanaryLeakError } from './DomCanaryLeakError.ts';
import type { DomCanaryLeak } from './findDomCanaryLeaks.ts';

/** Browser users a scenario gets by default; `GOLDPATH_BROWSER_USERS` overrides, `--users` too (capped, each is a renderer). */
const MAX_BROWSER_USERS_FROM_USERS = 50;

export interface BrowserTestFixtures {
  /** The browser users of the test, on the run's target; the DOM canary probe runs over their pages when the test ends. */
  browserUsers: BrowserUserPool;
  /**
   * Browser users on another backend (a scenario's own slowed or defective reference): `history` defaults to the
   * test's, so the checks run on their frames too; `probe: false` leaves the DOM probe to the scenario.
   */
  browserUsersOn: (target: StartedTarget, options?: { history?: HistoryWriter; probe?: boolean }) => BrowserUserPool;
  /** How many browser users a scenario written for `n` opens at this run's scale. */
  browserScale: (n: number) => number;
}

export interface BrowserWorkerFixtures {
  /** Whether the run's target serves the chat page (GET /chat); the browser scenarios skip when it does not. */
  chatPageServed: boolean;
}

/**
 * goldpath's `test` with browser users: each its own context, signed in as its own backend user, its sockets recorded in
 * the same history format, so contract, order, completeness and isolation checks run unchanged on browser traffic.
 * @example
 * test('one person in a browser', async ({ browserUsers }) => {
 *   const [alice] = await browserUsers.open(1);
 *   const { canary } = await alice!.ask('Summarise Q3 [tools:1]');
 *   await expect(alice!.run(1).getByRole('region', { name: 'Final response' })).toContainText(canary);
 * });
 */
export const test = base.extend<BrowserTestFixtures, BrowserWorkerFixtures>({
  chatPageServed: [
    async ({ target }, use) => {
      const response = await fetch(`${target.httpUrl}/chat`, { method: 'HEAD', signal: AbortSignal.timeout(5000) }).catch(() => undefined);
      await use(response?.ok === true && (response.headers.get('content-type') ?? '').startsWith('text/html'));
    },
    { scope: 'worker' },
  ],

  browserScale: async ({ goldpathConfig }, use) => {
    const env = Number(process.env.GOLDPATH_BROWSER_USERS);
    const fromUsers = goldpathConfig.users === undefined ? undefined : Math.min(goldpathConfig.users, MAX_BROWSER_USERS_FROM_USERS);
    await use((n) => (Number.isInteger(env) && env > 0 ? env : (fromUsers ?? n)));
  },

  browserUsersOn: async ({ browser, history, users, goldpathConfig, target: runTarget }, use, testInfo) => {
    const { runId } = resolveRunIdentity(goldpathConfig.reports.outDir);
    const tag = poolTag(runId, testInfo.testId, testInfo.repeatEachIndex, testInfo.retry);
    const pools: BrowserUserPool[] = [];
    const shots: { name: string; body: Buffer }[] = [];
    const leaks: DomCanaryLeak[] = [];
    await use((target, options = {}) => {
      const probe = options.probe ?? true;
      const pool = new BrowserUserPool({
        browser,
        httpUrl: target.httpUrl,
        history: options.history ?? history,
        tag: pools.length === 0 ? tag : `${tag}p${pools.length}`,
        // the run's target signs with the run's auth; a scenario's own backend with its own secret
        sign: (userId) => (target !== runTarget && target.secret !== undefined ? signUserToken({ secret: target.secret, userId }) : users.token(userId)),
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
    const historyFailed = await checkHistoryFile(history.path).then((c) => c.findings.some((f) => f.severity === 'error')).catch(() => false);
    if (leaks.length > 0 || historyFailed || testInfo.status !== testInfo.expectedStatus) {
      for (const shot of shots) await testInfo.attach(`screenshot-${shot.name}`, { body: shot.body, contentType: 'image/png' });
    }
    if (leaks.length > 0) throw new DomCanaryLeakError(leaks);
  },

  browserUsers: async ({ browserUsersOn, target, chatPageServed }, use, testInfo) => {
    testInfo.skip(!chatPageServed, `the target ${target.label} does not serve the chat page (GET ${target.httpUrl}/chat): the browser scenarios need a backend that does, like the reference`);
    await use(browserUsersOn(target));
  },
});

export { expect } from '../test.ts';
