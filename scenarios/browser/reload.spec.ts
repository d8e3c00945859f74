import { ReferenceOptions } from '../../harness/config/GoldpathConfig.ts';
import { expect, test } from '../../harness/runner/browser/browserTest.ts';
import { openOwnHistory } from '../../harness/runner/browser/openOwnHistory.ts';
import { startEmbeddedTarget } from '../../harness/targets/index.ts';

// A run takes a few milliseconds on the default target; this scenario slows its own copy of the reference (same defects)
// so the reload lands mid-run every time, and checks its own history. The tab keeps its conn across the reload, so the
// checks follow the run from the old socket to the new one.
test('a browser user who reloads mid-run finds the conversation restored and the run finished on the new socket', async ({ browserUsersOn, goldpathConfig }, testInfo) => {
  const reference = goldpathConfig.target.kind === 'embedded' ? goldpathConfig.target.reference : ReferenceOptions.parse({});
  await using slow = await startEmbeddedTarget({ kind: 'embedded', reference: { ...reference, latencyMs: 1000 } });
  const own = await openOwnHistory(testInfo, 'reload', { target: slow.label });
  {
    await using people = browserUsersOn(slow, { history: own.writer });
    const [alice] = await people.open(1);
    const { canary } = await alice!.ask('Compile the long report from the ledger [tools:1]');
    await expect(alice!.status()).toHaveText(/ started$/);
    await alice!.reload({ timeoutMs: 15_000 });

    const run = alice!.run(1);
    await expect(run.getByRole('region', { name: 'Your message' })).toContainText(canary);
    await expect(run.getByLabel('Run state')).toHaveText(/^(Interrupted by a page reload|In progress|Completed)/);
    await expect(run.getByRole('region', { name: 'Final response' })).toContainText(canary, { timeout: 20_000 });
    await expect(run.getByLabel('Run state')).toHaveText('Completed');
    await expect(alice!.page.getByRole('article')).toHaveCount(1);

    const followUp = await alice!.ask('Now a one-line summary of it [tools:1]');
    await expect(alice!.run(2).getByRole('region', { name: 'Final response' })).toContainText(followUp.canary, { timeout: 20_000 });
  }
  const check = await own.finish();
  expect(check.stats.runsCompleted).toBe(2);
  expect(check.stats.connections).toBe(1);
});
