import { describe, expect, it } from 'vitest';
import { checkDrafts, codes } from './testing/checkDrafts.ts';
import { canary, connect, type Draft } from './testing/historyBuilder.ts';
import { pipelineDrafts, pipelineIndex, type PipelineDraft, type PipelineSpec } from './testing/pipelineDrafts.ts';

const spec: PipelineSpec = { user: 'u-7', runId: 'run_chat_3_a1b2c3d4', canary: canary(3) };
const pipeline = (): PipelineDraft[] => pipelineDrafts(spec);
const history = (drafts: Draft[]): Draft[] => [...connect('u-7'), ...drafts];
const errorsOf = async (drafts: Draft[]) =>
  (await checkDrafts(history(drafts))).findings.filter((f) => f.severity === 'error');

describe('a supervisor pipeline: one run, nested agent spans', () => {
  it('finds no error in a clean pipeline (bridge supervisor, emitter sub-agents, repeated tools without call ids, heartbeats, an agent_error without ids)', async () => {
    const result = await checkDrafts(history(pipeline()));
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.stats).toMatchObject({ requests: 1, runs: 1, runsCompleted: 1 });
    // the sub-agents' "Task completed" is the emitter's default for a step, not the answer the user reads: no warning either
    expect(result.findings).toEqual([]);
  });

  it('warns (never errs) about a short final_response where it ends the run, the answer the user reads', async () => {
    const drafts = pipelineDrafts({ ...spec, agents: [] });
    const at = pipelineIndex(drafts, 'Supervisor', 'agent_completed');
    const end = drafts[at] as Draft & { kind: 'frame'; payload: Record<string, unknown> };
    drafts[at] = { ...end, payload: { ...end.payload, final_response: 'Task completed' } };
    const result = await checkDrafts(history(drafts));
    expect(result.findings.map((f) => [f.code, f.severity])).toEqual([['contract.content_rule', 'warning']]);
    expect(result.findings[0]?.message).toMatch(
      /^agent_completed breaks a content rule in run run_chat_3_a1b2c3d4 of user u-7 at frame \d+: expected final_response must be longer than 20 characters, received /,
    );
  });

  it('shapes the run as a span tree: sub-agents bracketed by name, the supervisor at the top', async () => {
    const result = await checkDrafts(history(pipeline()));
    expect(Object.keys(result.shapes)).toEqual([
      'S T subagent_started [triage S T X:classify C:classify D ] subagent_started [data S T X:query_metrics C:query_metrics X:query_metrics C:query_metrics X:lookup C:lookup D ] ' +
        'subagent_started [optimization S T E ] subagent_started [reporting S T D ] progress_update D',
    ]);
  });

  it('is clean in the one-agent-per-run case too: a pipeline without sub-agents', async () => {
    expect(await errorsOf(pipelineDrafts({ ...spec, agents: [] }))).toEqual([]);
  });

  it('reports a sub-agent that ends without agent_thinking, naming the agent', async () => {
    const drafts = pipeline();
    drafts.splice(pipelineIndex(drafts, 'data', 'agent_thinking'), 1);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['completeness.missing_event_type']);
    expect(errors[0]?.message).toMatch(
      /^agent_completed without agent_thinking in agent data of run run_chat_3_a1b2c3d4 of user u-7 at frame \d+ \(its span from frame \d+\): expected agent_thinking in every agent's span, received S T /,
    );
  });

  it('reports the supervisor when only its own span lacks agent_thinking', async () => {
    const drafts = pipeline();
    drafts.splice(pipelineIndex(drafts, 'Supervisor', 'agent_thinking'), 1);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['completeness.missing_event_type']);
    expect(errors[0]?.message).toMatch(
      /^agent_completed without agent_thinking in agent Supervisor of run run_chat_3_a1b2c3d4 /,
    );
  });

  it("reports a tool left open in a sub-agent at that sub-agent's end", async () => {
    const drafts = pipeline();
    const at = pipelineIndex(drafts, 'data', 'tool_completed', 1);
    drafts.splice(at, 1);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.tool_left_open']);
    expect(errors[0]?.message).toMatch(
      /^agent_completed while a tool call is open in agent data of run run_chat_3_a1b2c3d4 of user u-7 at frame \d+: expected tool_completed for query_metrics from frame \d+, received agent_completed$/,
    );
  });

  it("reports an event of the run after the root's end", async () => {
    const drafts = pipeline();
    drafts.push(drafts[pipelineIndex(drafts, 'reporting', 'agent_thinking')]!);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.event_after_terminal']);
    expect(errors[0]?.message).toMatch(
      /^agent_thinking after agent_completed in run run_chat_3_a1b2c3d4 of user u-7 at frame \d+: expected nothing after the terminal event at frame \d+/,
    );
  });

  it("reports a sub-agent's end after the root's end as an event after the run, not a second terminal", async () => {
    const drafts = pipeline();
    drafts.push(drafts[pipelineIndex(drafts, 'triage', 'agent_completed')]!);
    expect(codes(await errorsOf(drafts))).toEqual(['order.event_after_terminal']);
  });

  it('reports a second terminal event of the root', async () => {
    const drafts = pipeline();
    drafts.push(drafts[pipelineIndex(drafts, 'Supervisor', 'agent_completed')]!);
    expect(codes(await errorsOf(drafts))).toEqual(['order.duplicate_terminal']);
  });

  it('reports a sub-agent span that never closes when the root ends', async () => {
    const drafts = pipeline();
    drafts.splice(pipelineIndex(drafts, 'reporting', 'agent_completed'), 1);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.span_left_open']);
    expect(errors[0]?.message).toMatch(
      /^agent_completed while an agent inside it is still running in run run_chat_3_a1b2c3d4 of user u-7 at frame \d+: expected agent_completed or agent_error of reporting from frame \d+, received agent_completed$/,
    );
  });

  it('reports a sub-agent that completes twice', async () => {
    const drafts = pipeline();
    const at = pipelineIndex(drafts, 'triage', 'agent_completed');
    drafts.splice(at + 1, 0, drafts[at]!);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.duplicate_terminal']);
    expect(errors[0]?.message).toMatch(/^second terminal event agent_completed in agent triage of run /);
  });

  it('reports a sub-agent that completes without having started', async () => {
    const drafts = pipeline();
    drafts.splice(pipelineIndex(drafts, 'triage', 'agent_started'), 1);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.completed_before_started']);
    expect(errors[0]?.message).toMatch(/^agent_completed before its agent_started in agent triage of run /);
  });

  it('reports a sub-agent started twice while its span is open', async () => {
    const drafts = pipeline();
    const at = pipelineIndex(drafts, 'data', 'agent_started');
    drafts.splice(at + 1, 0, drafts[at]!);
    expect(codes(await errorsOf(drafts))).toEqual(['order.duplicate_started']);
  });

  it('reports a frame of a sub-agent after its own end while the supervisor runs on', async () => {
    const drafts = pipeline();
    const tool = drafts[pipelineIndex(drafts, 'data', 'tool_executing')]! as Draft & {
      kind: 'frame';
      payload: Record<string, unknown>;
    };
    const named = { ...tool, payload: { ...tool.payload, agent_name: 'data' } };
    drafts.splice(pipelineIndex(drafts, 'optimization', 'agent_started'), 0, named);
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['order.event_after_terminal']);
    expect(errors[0]?.message).toMatch(/^tool_executing after its agent_completed in agent data of run /);
  });

  it("reports a supervisor that fails with an agent_error without ids as the run's error", async () => {
    const drafts = pipelineDrafts({ ...spec, agents: [{ name: 'triage', tools: ['classify'] }] });
    const at = pipelineIndex(drafts, 'Supervisor', 'agent_completed');
    drafts[at] = {
      kind: 'frame',
      dir: 'in',
      user: 'u-7',
      conn: 'c-1',
      stamp: 'iso',
      payload: { type: 'agent_error', critical: true, error: 'boom', status: 'error' },
    };
    const errors = await errorsOf(drafts);
    expect(codes(errors)).toEqual(['completeness.unexpected_error']);
    expect(errors[0]?.runId).toBe('run_chat_3_a1b2c3d4');
  });
});
