import { describe, expect, it } from 'vitest';
import { buildFinding, describeSubject } from './buildFinding.ts';
import { MAX_VALUE_CHARS } from './boundFinding.ts';

const values = { expected: 'one terminal event', received: 'agent_completed' };

describe('buildFinding', () => {
  it('names the run, the user and the frame, and fills expected and received once', () => {
    expect(
      buildFinding({
        code: 'order.duplicate_terminal',
        what: 'second terminal event agent_completed',
        subject: { user: 'u-7', runId: 'r-3', frameIndex: 8 },
        ...values,
      }),
    ).toEqual({
      code: 'order.duplicate_terminal',
      severity: 'error',
      message:
        'second terminal event agent_completed in run r-3 of user u-7 at frame 8: expected one terminal event, received agent_completed',
      user: 'u-7',
      runId: 'r-3',
      frameIndex: 8,
      expected: 'one terminal event',
      received: 'agent_completed',
    });
  });

  it('names the socket of a frame outside any run', () => {
    const finding = buildFinding({
      code: 'contract.binary_frame',
      what: 'binary frame',
      subject: { conn: 'c-1', user: 'u-7', frameIndex: 4 },
      expected: 'a JSON text frame',
      received: '3 bytes of binary',
    });
    expect(finding.message).toBe(
      'binary frame on socket c-1 of user u-7 at frame 4: expected a JSON text frame, received 3 bytes of binary',
    );
    expect(finding).not.toHaveProperty('runId');
  });

  it('names the agent of a span before its run, and the socket after the run when both are given', () => {
    expect(
      buildFinding({
        code: 'order.tool_left_open',
        what: 'agent_completed while a tool call is open',
        subject: { agent: 'data', runId: 'r-3', conn: 'c-2', user: 'u-7', frameIndex: 9 },
        expected: 'tool_completed for search from frame 6',
        received: 'agent_completed',
      }).message,
    ).toBe(
      'agent_completed while a tool call is open in agent data of run r-3 on socket c-2 of user u-7 at frame 9: expected tool_completed for search from frame 6, received agent_completed',
    );
  });

  it('describes each combination of subject parts, naming only those given', () => {
    expect(describeSubject({})).toBe('');
    expect(describeSubject({ frameIndex: 0 })).toBe(' at frame 0');
    expect(describeSubject({ user: 'u-1' })).toBe(' of user u-1');
    expect(describeSubject({ user: 'u-1', frameIndex: 2 })).toBe(' of user u-1 at frame 2');
    expect(describeSubject({ runId: 'r-1' })).toBe(' in run r-1');
    expect(describeSubject({ runId: 'r-1', user: 'u-1', frameIndex: 2 })).toBe(' in run r-1 of user u-1 at frame 2');
    expect(describeSubject({ conn: 'c-1', user: 'u-1', frameIndex: 2 })).toBe(' on socket c-1 of user u-1 at frame 2');
    expect(describeSubject({ agent: 'triage' })).toBe(' in agent triage');
    expect(describeSubject({ agent: 'triage', runId: 'r-1', user: 'u-1' })).toBe(
      ' in agent triage of run r-1 of user u-1',
    );
  });

  it('puts the detail in parentheses after the subject and the hint after the values', () => {
    const finding = buildFinding({
      code: 'contract.unknown_event',
      severity: 'warning',
      what: 'unknown event type stream_chunk',
      subject: { conn: 'c-1', user: 'u-7', frameIndex: 2 },
      detail: 'and 1 more',
      expected: "one of the contract's types",
      received: 'stream_chunk',
      hint: 'Add it to the contract or set unknownEvents',
    });
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe(
      "unknown event type stream_chunk on socket c-1 of user u-7 at frame 2 (and 1 more): expected one of the contract's types, received stream_chunk. Add it to the contract or set unknownEvents",
    );
  });

  it('states a finding with no subject by what alone, and keeps the related side', () => {
    const finding = buildFinding({
      code: 'resources.limit_rejections_mismatch',
      what: 'requests rejected with an allowed error code on the wire',
      subject: {},
      expected: '2',
      received: '0',
      related: { user: 'u-2', frameIndex: 5 },
    });
    expect(finding).toEqual({
      code: 'resources.limit_rejections_mismatch',
      severity: 'error',
      message: 'requests rejected with an allowed error code on the wire: expected 2, received 0',
      expected: '2',
      received: '0',
      related: { user: 'u-2', frameIndex: 5 },
    });
  });

  it('cuts a long received value in the message and the field, saying its full size', () => {
    const finding = buildFinding({
      code: 'isolation.foreign_user_id',
      what: 'foreign user_id in agent_started',
      subject: { runId: 'r-3', user: 'u-7', frameIndex: 3 },
      expected: 'user_id u-7',
      received: 'x'.repeat(1_000_000),
    });
    const cut = `${'x'.repeat(MAX_VALUE_CHARS)}… (1000000 characters)`;
    expect(finding.received).toBe(cut);
    expect(finding.message).toBe(
      `foreign user_id in agent_started in run r-3 of user u-7 at frame 3: expected user_id u-7, received ${cut}`,
    );
  });

  it('cuts a long user name on the finding as in its message', () => {
    const user = 'u'.repeat(MAX_VALUE_CHARS + 1);
    const finding = buildFinding({
      code: 'infra.connection_error',
      what: 'socket error',
      subject: { user },
      ...values,
    });
    expect(finding.user).toBe(`${'u'.repeat(MAX_VALUE_CHARS)}… (${MAX_VALUE_CHARS + 1} characters)`);
    expect(finding.message).toBe(
      `socket error of user ${finding.user}: expected one terminal event, received agent_completed`,
    );
  });
});
