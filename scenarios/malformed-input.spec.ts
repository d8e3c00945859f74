import { expect, test } from '../harness/runner/test.ts';

test.use({ expectations: { allowedErrorCodes: ['JSON_PARSE_ERROR', 'MESSAGE_TOO_LARGE', 'MISSING_USER_REQUEST', 'INVALID_MESSAGE_FORMAT'] } });

test('malformed input gets clear errors while the connection and other users carry on', async ({ users }) => {
  const [mallory, bystander] = await users.connect(2);
  const bystanderRun = bystander!.startAgent('Weekly usage summary please [tools:2]');
  const probes: Array<{ send: string; code: string }> = [
    { send: 'this is {not json', code: 'JSON_PARSE_ERROR' },
    { send: JSON.stringify({ type: 'start_agent', payload: { user_request: `huge ${'x'.repeat(9000)}` } }), code: 'MESSAGE_TOO_LARGE' },
    { send: JSON.stringify({ type: 'start_agent', payload: { thread_id: null } }), code: 'MISSING_USER_REQUEST' },
    { send: JSON.stringify(['not', 'an', 'object']), code: 'INVALID_MESSAGE_FORMAT' },
  ];
  for (const probe of probes) {
    const since = mallory!.inbox.length;
    mallory!.sendRaw(probe.send);
    const reply = await mallory!.nextMessage((f) => f.type === 'error_message', { since, what: `no error_message for ${probe.code} probe of ${mallory!.userId}` });
    expect(reply.frame.error_code).toBe(probe.code);
    expect(String(reply.frame.error_message).length).toBeGreaterThan(10);
  }
  const since = mallory!.inbox.length;
  mallory!.sendRaw(JSON.stringify({ type: 'no_such_type' }));
  const ack = await mallory!.nextMessage((f) => f.type === 'ack', { since, what: 'no ack for an unknown type' });
  expect(ack.frame.received_type).toBe('no_such_type');
  // the same connection still works, and the bystander was not disturbed
  expect((await mallory!.startAgent('Am I still connected? [tools:1]').completed()).status).toBe('completed');
  expect((await bystanderRun.completed()).status).toBe('completed');
});
