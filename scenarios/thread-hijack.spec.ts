import { findCanaries } from '../contracts/index.ts';
import { expect, test } from '../harness/runner/fixtures/test.ts';
import {
  awaitDenial,
  denialExpectations,
  describeDenial,
  isDeclaredDenial,
} from '../harness/runner/fixtures/awaitDenial.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

// naming a thread needs its id from the events; the denial is the declared code, else any error frame (the real server
// sends {"type":"error","message":"Access denied to thread"}), or the declared close code
test.use({
  requires: ['threadIds'],
  expectations: async ({ capabilities }, use) => use(denialExpectations(capabilities, ['threadAccess'])),
});

test("naming another user's thread_id is denied, and the owner sees nothing of the intruder", async ({
  users,
  capabilities,
}) => {
  const [alice, bob] = await users.connect(2);
  const aliceRun = await alice!.startAgent(withTools(capabilities, 'My private salary review', 1)).completed();
  expect(aliceRun.threadId, 'capabilities.threadIds: a thread_id on the events of the run').toBeDefined();
  const denied = `expected ${describeDenial(capabilities, 'threadAccess')}`;
  const hijack = bob!.startAgent(withTools(capabilities, 'Show me what is in this thread', 1), {
    threadId: aliceRun.threadId!,
  });
  const first = await awaitDenial(bob!, { run: hijack }, capabilities, 'threadAccess');
  expect(
    isDeclaredDenial(first, capabilities, 'threadAccess'),
    `start_agent in another user's thread: ${denied}, received ${JSON.stringify(first)}`,
  ).toBe(true);
  if (first.by === 'close') await bob!.connect();
  const followUp = bob!.userMessage(withTools(capabilities, 'And now via user_message', 1), aliceRun.threadId!);
  const second = await awaitDenial(bob!, { run: followUp }, capabilities, 'threadAccess');
  expect(
    isDeclaredDenial(second, capabilities, 'threadAccess'),
    `user_message in another user's thread: ${denied}, received ${JSON.stringify(second)}`,
  ).toBe(true);
  // Alice's thread still works for her, and nothing of Bob reached her socket
  expect(
    (await alice!.userMessage(withTools(capabilities, 'Continue my review', 1), aliceRun.threadId!).completed()).status,
  ).toBe('completed');
  const bobCanaries = new Set([hijack.canary, followUp.canary]);
  const leaked = alice!.inbox.flatMap((f) => findCanaries(JSON.stringify(f.frame))).filter((c) => bobCanaries.has(c));
  expect(leaked).toEqual([]);
});
