import { expect, test } from '../../harness/runner/browser/browserTest.ts';
import { withTools } from '../../harness/runner/fixtures/withTools.ts';

test('one browser user sees the golden path on the page: started, thinking, each tool, the final response', async ({
  browserUsers,
  capabilities,
}) => {
  const [alice] = await browserUsers.open(1);
  const { canary } = await alice!.ask(withTools(capabilities, 'Summarise the Q3 revenue report', 2));
  const run = alice!.run(1);
  await expect(run.getByRole('region', { name: 'Final response' })).toContainText(canary);
  await expect(run.getByLabel('Run state')).toHaveText('Completed');
  await expect(alice!.status()).toHaveText('Response ready');
  await expect(run.getByRole('region', { name: 'Your message' })).toContainText(canary);
  await expect(run.getByRole('region', { name: 'Agent thinking' }).getByRole('listitem').first()).toContainText(canary);
  const tools = run.getByRole('region', { name: 'Tools' }).getByRole('listitem');
  // with the directive exactly two tools; without it whatever the backend chose, each shown completed
  if (capabilities.toolDirective) await expect(tools).toHaveCount(2);
  for (const tool of await tools.all()) await expect(tool).toHaveAccessibleName(/^Tool \S+: completed/);
});
