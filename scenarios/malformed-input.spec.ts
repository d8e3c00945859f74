import { expect, test } from '../harness/runner/fixtures/test.ts';
import {
  awaitDenial,
  denialExpectations,
  describeDenial,
  isDeclaredDenial,
} from '../harness/runner/fixtures/awaitDenial.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';
import type { DenialKind } from '../harness/config/GoldpathConfig.ts';

test.describe(() => {
  test.use({ expectations: { allowedErrorCodes: ['JSON_PARSE_ERROR'] } });

  test('malformed input gets clear errors while the connection and other users carry on', async ({
    users,
    capabilities,
  }) => {
    const [mallory, bystander] = await users.connect(2);
    const bystanderRun = bystander!.startAgent(withTools(capabilities, 'Weekly usage summary please', 2));
    const since = mallory!.inbox.length;
    mallory!.sendRaw('this is {not json');
    const reply = await mallory!.nextMessage((f) => f.type === 'error_message', {
      since,
      what: `no error_message JSON_PARSE_ERROR for invalid JSON from ${mallory!.userId}`,
    });
    expect(reply.frame.error_code).toBe('JSON_PARSE_ERROR');
    const ackSince = mallory!.inbox.length;
    mallory!.sendRaw(JSON.stringify({ type: 'no_such_type' }));
    const ack = await mallory!.nextMessage((f) => f.type === 'ack', {
      since: ackSince,
      what: 'no ack for an unknown type',
    });
    expect(ack.frame.received_type).toBe('no_such_type');
    // the same connection still works, and the bystander was not disturbed
    expect((await mallory!.startAgent(withTools(capabilities, 'Am I still connected?', 1)).completed()).status).toBe(
      'completed',
    );
    expect((await bystanderRun.completed()).status).toBe('completed');
  });
});

const probes: Array<{
  kind: DenialKind;
  title: string;
  requires: 'maxMessageBytes' | `errorCodes.${DenialKind}`;
  send: (maxBytes: number) => string;
}> = [
  {
    kind: 'messageTooLarge',
    title: 'an oversized message is denied',
    requires: 'maxMessageBytes',
    send: (maxBytes) =>
      JSON.stringify({ type: 'start_agent', payload: { user_request: `huge ${'x'.repeat(maxBytes + 1000)}` } }),
  },
  {
    kind: 'missingUserRequest',
    title: 'a start_agent without user_request is denied with its code',
    requires: 'errorCodes.missingUserRequest',
    send: () => JSON.stringify({ type: 'start_agent', payload: { thread_id: null } }),
  },
  {
    kind: 'invalidMessage',
    title: 'a JSON value that is not a message object is denied with its code',
    requires: 'errorCodes.invalidMessage',
    send: () => JSON.stringify(['not', 'an', 'object']),
  },
];

for (const probe of probes) {
  test.describe(() => {
    test.use({
      requires: [probe.requires],
      expectations: async ({ capabilities }, use) => use(denialExpectations(capabilities, [probe.kind])),
    });

    test(`${probe.title}, and the user carries on`, async ({ users, capabilities }) => {
      const [mallory, bystander] = await users.connect(2);
      const bystanderRun = bystander!.startAgent(withTools(capabilities, 'Weekly usage summary please', 1));
      const since = mallory!.inbox.length;
      mallory!.sendRaw(probe.send(capabilities.maxMessageBytes ?? 8192));
      const denial = await awaitDenial(mallory!, { since }, capabilities, probe.kind);
      expect(
        isDeclaredDenial(denial, capabilities, probe.kind),
        `expected ${describeDenial(capabilities, probe.kind)}, received ${JSON.stringify(denial)}`,
      ).toBe(true);
      if (denial.by === 'error') expect(denial.message.length).toBeGreaterThan(0);
      // denied by a close: the user comes back on a new socket
      if (denial.by === 'close') await mallory!.connect();
      expect((await mallory!.startAgent(withTools(capabilities, 'Am I still served?', 1)).completed()).status).toBe(
        'completed',
      );
      expect((await bystanderRun.completed()).status).toBe('completed');
    });
  });
}
