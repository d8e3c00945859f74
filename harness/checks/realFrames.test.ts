import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeNetraFrame } from '../../contracts/index.ts';
import { checkContract } from './contractCheck.ts';
import { checkDrafts, codes } from './testing/checkDrafts.ts';
import { buildHistory, connect, requestDraft, type Draft } from './testing/historyBuilder.ts';

interface RealFrame {
  name: string;
  expect: 'accept' | 'bug';
  frame: Record<string, unknown>;
}
const FILE = new URL('../../contracts/fixtures/real-frames.json', import.meta.url);
const REAL: RealFrame[] = (JSON.parse(readFileSync(FILE, 'utf8')) as { frames: RealFrame[] }).frames;
const USER = 'gp-ab12-u0001';
const RUN = 'run_chat_3_a1b2c3d4';
const CANARY = 'GPC-0123456789abcdef';

const real = (name: string): Record<string, unknown> => {
  const found = REAL.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no real frame named ${name}`);
  return structuredClone(found.frame);
};
const inFrame = (frame: Record<string, unknown>): Draft => ({
  kind: 'frame',
  dir: 'in',
  user: USER,
  conn: 'c-1',
  text: JSON.stringify(frame),
});

/** The real pipeline, frame for frame from the file: bridge Supervisor, emitter triage (failing) and data, bridge tools. */
function realPipeline(
  thinking: Record<string, unknown> = real('REF emitter agent_thinking (emit_agent_thinking direct)'),
): Draft[] {
  const named = (frame: Record<string, unknown>, agent: string) => ({ ...frame, agent_name: agent });
  return [
    ...connect(USER),
    requestDraft({ user: USER, runId: RUN, canary: CANARY }),
    inFrame(real('REF bridge agent_started')),
    inFrame(real('REF heartbeat (main loop recv timeout)')),
    inFrame(real('REF bridge agent_thinking (as built; sent via emit_agent_event)')),
    inFrame(real('REF bridge notify_custom subagent_started')),
    inFrame(real('REF emitter agent_started')),
    inFrame(thinking),
    inFrame(real('REF emitter tool_executing')),
    inFrame(real('REF emitter tool_completed')),
    inFrame(real('REF emitter tool_executing')),
    inFrame(real('REF emitter tool_completed')),
    inFrame(real('REF emitter agent_error (notify_agent_error)')),
    inFrame(named(real('REF emitter agent_started'), 'data')),
    inFrame(real('REF emitter agent_thinking (emit_agent_thinking direct)')),
    inFrame(real('REF bridge tool_executing')),
    inFrame(real('REF bridge progress_update')),
    inFrame(real('REF bridge tool_completed (execution_time_ms default None)')),
    inFrame(real('REF connection_error (emit_critical_event, no connection)')),
    inFrame(named(real('REF emitter agent_completed'), 'data')),
    inFrame(real('REF bridge agent_completed (as built)')),
  ];
}

describe('the real frames (contracts/fixtures/real-frames.json)', () => {
  it('holds accepted frames and exactly one bug', () => {
    expect(REAL.filter((f) => f.expect === 'accept').length).toBeGreaterThan(25);
    expect(REAL.filter((f) => f.expect === 'bug').map((f) => f.name)).toEqual([
      'REF emitter agent_thinking (notify_agent_thinking => type overwritten)',
    ]);
  });

  for (const { name, frame } of REAL.filter((f) => f.expect === 'accept')) {
    it(`gives no error finding for the accepted frame: ${name}`, async () => {
      expect(() => normalizeNetraFrame(frame)).not.toThrow();
      const { header, records } = buildHistory([...connect(USER), inFrame(frame)]);
      const findings = await checkContract(header, records, { unknownEvents: 'error' });
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
  }

  it('reports the bug frame alone as an unknown event type (reasoning instead of agent_thinking)', async () => {
    const bug = REAL.find((f) => f.expect === 'bug')!.frame;
    const { header, records } = buildHistory([...connect(USER), inFrame(bug)]);
    const findings = await checkContract(header, records, { unknownEvents: 'error' });
    expect(findings.map((f) => [f.code, f.severity, f.received])).toEqual([
      ['contract.unknown_event', 'error', 'reasoning'],
    ]);
    expect(codes(await checkContract(header, records))).toEqual(['contract.unknown_event']);
  });

  it('checks a pipeline made of the accepted frames clean: no error finding', async () => {
    const result = await checkDrafts(realPipeline());
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.stats).toMatchObject({ runs: 1, runsCompleted: 1 });
    expect(Object.keys(result.shapes)).toEqual([
      'S T subagent_started [triage S T X:query_metrics C:query_metrics X:query_metrics C:query_metrics E ] [data S T X:query_metrics progress_update C:query_metrics D ] D',
    ]);
  });

  it('reports the bug frame in a run: the agent sent no agent_thinking', async () => {
    const bug = REAL.find((f) => f.expect === 'bug')!.frame;
    const findings = (await checkDrafts(realPipeline(bug))).findings.filter((f) => f.severity === 'error');
    expect(codes(findings)).toEqual(['completeness.missing_event_type']);
    expect(findings[0]?.message).toMatch(
      /^agent_error without agent_thinking in agent triage of run run_chat_3_a1b2c3d4 of user gp-ab12-u0001 at frame \d+ \(its span from frame \d+\)/,
    );
  });

  it('reads a naive ISO time as UTC and finds agent_name in metadata as a last resort', () => {
    const event = normalizeNetraFrame(real('OLD emitter agent_thinking (emit_critical_event: data-wrapped)'));
    expect(event).toMatchObject({
      type: 'agent_thinking',
      runId: RUN,
      agentName: 'triage',
      at: Date.parse('2025-09-07T10:00:00.123Z'),
    });
  });

  it('reports a tool_completed whose result is nowhere as a schema mismatch', async () => {
    const frame = real('REF emitter tool_completed');
    delete frame.results;
    delete (frame.metadata as Record<string, unknown>).result;
    const { header, records } = buildHistory([...connect(USER), inFrame(frame)]);
    const findings = await checkContract(header, records);
    expect(findings.map((f) => [f.code, f.expected])).toEqual([
      ['contract.schema_mismatch', 'tool_completed needs results (at the top level, under data or under payload)'],
    ]);
    const old = real('OLD bridge tool_completed');
    delete (old.payload as Record<string, unknown>).result;
    const again = buildHistory([...connect(USER), inFrame(old)]);
    expect(codes(await checkContract(again.header, again.records))).toEqual(['contract.schema_mismatch']);
  });
});
