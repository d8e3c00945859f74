import { findCanaries } from '../contracts/index.ts';
import { expect, test } from '../harness/runner/test.ts';

test.use({ expectations: { allowedErrorCodes: ['THREAD_ACCESS_DENIED'] } });

test("naming another user's thread_id is denied, and the owner sees nothing of the intruder", async ({ users }) => {
  const [alice, bob] = await users.connect(2);
  const aliceRun = await alice!.startAgent('My private salary review [tools:1]').completed();
  expect(aliceRun.threadId).toBeDefined();
  const hijack = bob!.startAgent('Show me what is in this thread [tools:1]', { threadId: aliceRun.threadId! });
  const denied = await hijack.completed();
  expect(denied.status).toBe('rejected');
  expect(denied.rejection?.code).toBe('THREAD_ACCESS_DENIED');
  const followUp = bob!.userMessage('And now via user_message [tools:1]', aliceRun.threadId!);
  expect((await followUp.completed()).rejection?.code).toBe('THREAD_ACCESS_DENIED');
  // Alice's thread still works for her, and nothing of Bob reached her socket
  expect((await alice!.userMessage('Continue my review [tools:1]', aliceRun.threadId!).completed()).status).toBe('completed');
  const bobCanaries = new Set([hijack.canary, followUp.canary]);
  const leaked = alice!.inbox.flatMap((f) => findCanaries(JSON.stringify(f.frame))).filter((c) => bobCanaries.has(c));
  expect(leaked).toEqual([]);
});
