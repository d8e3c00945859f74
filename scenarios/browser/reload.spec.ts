import { checkHistoryFile } from '../../harness/checks/checkHistory.ts';
import { expect, test } from '../../harness/runner/browser/browserTest.ts';
import { withTools } from '../../harness/runner/fixtures/withTools.ts';

// The restore is the chat page's own feature (the reference's page keeps the conversation in sessionStorage); the rest
// of the run must reach the new socket. A run of the reference takes milliseconds, so this file's worker slows the
// reference's events to make the reload land mid-run every time (a real backend's runs are slow by nature). The tab
// keeps its conn across the reload, so the checks follow the run from the old socket to the new one.
test.use({ requires: ['reloadRestore', 'resumeOnReconnect'], referenceLatencyMs: 300 });

test('a browser user who reloads mid-run finds the conversation restored and the run finished on the new socket', async ({
  browserUsers,
  history,
  capabilities,
}) => {
  const [alice] = await browserUsers.open(1);
  const { canary } = await alice!.ask(withTools(capabilities, 'Compile the long report from the ledger', 1));
  await expect(alice!.status()).toHaveText(/ started$/);
  await alice!.reload({ timeoutMs: 15_000 });

  const run = alice!.run(1);
  await expect(run.getByRole('region', { name: 'Your message' })).toContainText(canary);
  await expect(run.getByLabel('Run state')).toHaveText(/^(Interrupted by a page reload|In progress|Completed)/);
  await expect(run.getByRole('region', { name: 'Final response' })).toContainText(canary, { timeout: 20_000 });
  await expect(run.getByLabel('Run state')).toHaveText('Completed', { timeout: 20_000 });
  await expect(alice!.page.getByRole('article')).toHaveCount(1);

  const followUp = await alice!.ask(withTools(capabilities, 'Now a one-line summary of it', 1));
  await expect(alice!.run(2).getByRole('region', { name: 'Final response' })).toContainText(followUp.canary, {
    timeout: 20_000,
  });
  // a sub-agent's report shows before the run ends: wait for its end
  await expect(alice!.run(2).getByLabel('Run state')).toHaveText('Completed', { timeout: 20_000 });
  await browserUsers.closeAll();
  await history.flush();
  const check = await checkHistoryFile(history.path);
  expect(check.stats.runsCompleted).toBe(2);
  expect(check.stats.connections).toBe(1);
});
