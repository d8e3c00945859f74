import { expect, test } from '../../harness/runner/browser/browserTest.ts';
import { withTools } from '../../harness/runner/fixtures/withTools.ts';

// 10 people by default; GOLDPATH_BROWSER_USERS=40 (or --users, capped at 50) scales it without editing this file.
test('concurrent browser users each see only their own run on their page', async ({
  browserUsers,
  browserScale,
  capabilities,
}) => {
  const people = await browserUsers.open(browserScale(10));
  const asked = await Promise.all(
    people.map((person, i) =>
      person.ask(withTools(capabilities, `Question ${i + 1}: what changed in my accounts this week?`, (i % 3) + 1)),
    ),
  );
  await browserUsers.waitForAnswers({ timeoutMs: 30_000 });
  for (const [i, person] of people.entries()) {
    await expect(person.run(1).getByRole('region', { name: 'Final response' })).toContainText(asked[i]!.canary);
  }
  await browserUsers.assertNoLeaks();
});
