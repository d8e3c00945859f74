import { boundFinding, cutText, cutValue, MAX_VALUE_CHARS } from './boundFinding.ts';
import type { Finding, FindingCode, FindingRelated, Severity } from './Finding.ts';

/** Who and where a finding is about. Every part given is named in the message and set on the finding. */
export interface FindingSubject {
  user?: string | undefined;
  runId?: string | undefined;
  /** The socket (connection id), for a frame that belongs to no run or a finding about the socket itself. */
  conn?: string | undefined;
  /** The agent of the span, for a finding about one agent's part of a run. */
  agent?: string | undefined;
  /** The `seq` of the history record that proves it. */
  frameIndex?: number | undefined;
}

export interface FindingInput {
  code: FindingCode;
  /** Defaults to `error`. */
  severity?: Severity;
  /** What happened, without the subject: "second terminal event agent_completed". */
  what: string;
  subject: FindingSubject;
  expected: string;
  received: string;
  /** Said in parentheses after the subject: "and 2 more", "answering the start_agent at frame 2". */
  detail?: string | undefined;
  /** A sentence after the values: what it means or how to fix it. */
  hint?: string | undefined;
  related?: FindingRelated | undefined;
}

/** " in agent triage of run r-3 on socket c-1 of user u-7 at frame 9", naming only the parts given. */
export function describeSubject(subject: FindingSubject): string {
  const { user, runId, conn, agent, frameIndex } = subject;
  let out = '';
  if (agent !== undefined) out += ` in agent ${agent}`;
  if (runId !== undefined) out += agent !== undefined ? ` of run ${runId}` : ` in run ${runId}`;
  if (conn !== undefined) out += ` on socket ${conn}`;
  if (user !== undefined) out += ` of user ${user}`;
  if (frameIndex !== undefined) out += ` at frame ${frameIndex}`;
  return out;
}

function cutSubject(subject: FindingSubject): FindingSubject {
  const { user, runId, conn, agent, frameIndex } = subject;
  return {
    user: user === undefined ? undefined : cutValue(user),
    runId: runId === undefined ? undefined : cutValue(runId),
    conn: conn === undefined ? undefined : cutValue(conn),
    agent: agent === undefined ? undefined : cutValue(agent),
    frameIndex,
  };
}

/**
 * A finding whose message is derived in the house format, "what in run R of user U at frame N (detail): expected X,
 * received Y. Hint", and whose expected and received values are the ones the message shows. Long values are cut
 * before they go into the message (each id to 200 characters, expected and received as boundFinding cuts them), so the
 * message shows them as the fields hold them.
 * @example
 * buildFinding({
 *   code: 'order.duplicate_terminal',
 *   what: 'second terminal event agent_completed',
 *   subject: { user: 'u-7', runId: 'r-3', frameIndex: 8 },
 *   expected: 'one terminal event',
 *   received: 'agent_completed',
 * }).message // "second terminal event agent_completed in run r-3 of user u-7 at frame 8: expected one terminal event, received agent_completed"
 */
export function buildFinding(input: FindingInput): Finding {
  const { detail, hint } = input;
  const subject = cutSubject(input.subject);
  const expected = cutText(input.expected, MAX_VALUE_CHARS * 2);
  const received = cutText(input.received, MAX_VALUE_CHARS * 2);
  const finding: Finding = {
    code: input.code,
    severity: input.severity ?? 'error',
    message: `${input.what}${describeSubject(subject)}${detail !== undefined ? ` (${detail})` : ''}: expected ${expected}, received ${received}${hint !== undefined ? `. ${hint}` : ''}`,
  };
  if (subject.user !== undefined) finding.user = subject.user;
  if (subject.runId !== undefined) finding.runId = subject.runId;
  if (subject.frameIndex !== undefined) finding.frameIndex = subject.frameIndex;
  finding.expected = expected;
  finding.received = received;
  if (input.related !== undefined) finding.related = input.related;
  return boundFinding(finding);
}
