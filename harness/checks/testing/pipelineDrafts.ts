import type { Draft } from './historyBuilder.ts';
import { requestDraft } from './historyBuilder.ts';

/** One sub-agent of a supervisor pipeline: its tools in order (repeats allowed), and whether it fails. */
export interface SubAgentSpec {
  name: string;
  tools?: string[];
  /** Ends with the emitter's agent_error, which carries no ids, instead of agent_completed. */
  fails?: boolean;
}

export interface PipelineSpec {
  user: string;
  runId: string;
  canary: string;
  conn?: string;
  /** The supervisor's agent name (bridge shape). Default "Supervisor". */
  root?: string;
  agents?: SubAgentSpec[];
  /** A heartbeat frame between every two events (default true). */
  heartbeats?: boolean;
}

export const DEFAULT_SUB_AGENTS: SubAgentSpec[] = [
  { name: 'triage', tools: ['classify'] },
  { name: 'data', tools: ['query_metrics', 'query_metrics', 'lookup'] },
  { name: 'optimization', fails: true },
  { name: 'reporting', tools: [] },
];

/** Meta of a pipeline frame: the agent whose span it belongs to. */
export type PipelineDraft = Draft & { meta?: Draft['meta'] & { agent?: string } };

/**
 * The real supervisor pipeline as a test history: the Supervisor in the bridge shape (ids at the top level, details
 * under data, no thread_id, float seconds), each sub-agent in the emitter shape with the same run_id (flat,
 * critical:true, ISO times, tool events without agent name and with execution_id null, thinking with the agent only in
 * metadata or not at all, final_response "Task completed"), a failing one with the id-less agent_error, heartbeats between.
 * @example buildHistory([...connect('u-1'), ...pipelineDrafts({ user: 'u-1', runId: 'run_chat_1_a1b2c3d4', canary: canary(1) })])
 */
export function pipelineDrafts(spec: PipelineSpec): PipelineDraft[] {
  const conn = spec.conn ?? 'c-1';
  const root = spec.root ?? 'Supervisor';
  const thread = `thread-${spec.user}`;
  const quoted = `research topic ${spec.runId} ${spec.canary}`;
  const drafts: PipelineDraft[] = [requestDraft({ user: spec.user, runId: spec.runId, canary: spec.canary, conn })];
  let n = 0;
  const push = (agent: string, type: string, payload: Record<string, unknown>, stamp: 'iso' | 'float'): void => {
    if (spec.heartbeats !== false && drafts.length > 1) {
      drafts.push({
        kind: 'frame',
        dir: 'in',
        user: spec.user,
        conn,
        stamp: 'float',
        payload: {
          type: 'heartbeat',
          data: { connection_id: `main_${conn}`, stats: { messages_processed: n } },
          server_id: null,
          correlation_id: null,
        },
      });
    }
    n++;
    drafts.push({
      kind: 'frame',
      dir: 'in',
      user: spec.user,
      conn,
      payload: { type, ...payload },
      stamp,
      meta: { runId: spec.runId, eventType: type, canary: spec.canary, agent },
    });
  };
  const bridge = (type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): void =>
    push(root, type, { run_id: spec.runId, user_id: spec.user, agent_name: root, ...extra, data }, 'float');
  const emitter = (agent: string, type: string, body: Record<string, unknown>): void =>
    push(
      agent,
      type,
      {
        critical: true,
        ...body,
        user_id: spec.user,
        thread_id: thread,
        metadata: { user_tier: 'free', ...(body.metadata as object | undefined) },
        run_id: spec.runId,
        request_id: `req-${spec.runId}`,
      },
      'iso',
    );

  bridge('agent_started', {
    status: 'started',
    context: { status: 'starting', isolated: true },
    message: `${root} has started processing your request`,
  });
  bridge('agent_thinking', {
    reasoning: `Analyzing your request to ${quoted} and selecting agents`,
    step_number: 1,
    progress_percentage: null,
    status: 'thinking',
  });
  for (const [i, agent] of (spec.agents ?? DEFAULT_SUB_AGENTS).entries()) {
    push(
      agent.name,
      'subagent_started',
      { run_id: spec.runId, agent_name: agent.name, data: { sub: agent.name } },
      'iso',
    );
    emitter(agent.name, 'agent_started', {
      agent_name: agent.name,
      task_description: 'Processing request',
      status: 'started',
      metadata: { context: { user_request: quoted } },
    });
    // the emitter's thinking names its agent only in metadata, or not at all
    emitter(agent.name, 'agent_thinking', {
      reasoning: `Agent ${agent.name} is thinking about ${quoted}`,
      ...(i % 2 === 0 && { metadata: { agent_name: agent.name, step_number: 1 } }),
    });
    for (const tool of agent.tools ?? []) {
      emitter(agent.name, 'tool_executing', {
        tool_name: tool,
        tool_args: { q: quoted },
        parameters: { q: quoted },
        execution_id: null,
        status: 'executing',
      });
      emitter(agent.name, 'tool_completed', {
        tool_name: tool,
        results: { rows: 3 },
        execution_time: 0,
        duration: 0,
        execution_id: null,
        success: true,
        status: 'completed',
      });
    }
    if (agent.fails === true) {
      push(agent.name, 'agent_error', { critical: true, error: `${agent.name} failed`, status: 'error' }, 'iso');
    } else {
      emitter(agent.name, 'agent_completed', {
        status: 'completed',
        final_response: 'Task completed',
        agent_name: agent.name,
        metadata: { agent_name: agent.name, success: true },
      });
    }
  }
  bridge('progress_update', { status: 'progress', progress_data: { percent: 90 }, message: 'almost there' });
  bridge('agent_completed', {
    status: 'completed',
    result: { supervisor_result: 'completed' },
    execution_time_ms: null,
    message: `${root} has completed processing your request`,
  });
  return drafts;
}

/** The index of the k-th frame (0-based) of `type` in the span of `agent`. */
export function pipelineIndex(drafts: readonly PipelineDraft[], agent: string, type: string, k = 0): number {
  let seen = 0;
  for (let i = 0; i < drafts.length; i++) {
    const meta = drafts[i]!.meta;
    if (meta?.agent === agent && meta.eventType === type && seen++ === k) return i;
  }
  throw new Error(`no ${type} #${k} of agent ${agent} in the pipeline`);
}
