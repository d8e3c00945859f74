import type { NetraBug } from './NetraBug.ts';
import type { Frame } from './netraFrames.ts';
import type { RunStep } from './planRun.ts';

function without(frame: Frame, key: string): Frame {
  const copy = { ...frame };
  delete copy[key];
  return copy;
}

function nested(frame: Frame, key: string): Frame {
  const value = frame[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Frame) : {};
}

/**
 * What each switched-on bug does to one frame of a run: the changed frame, or undefined when it is never sent.
 * (Bugs about routing or sockets live in the server; these are the ones visible in a single frame.)
 */
export function applyFrameBugs(step: RunStep, bugs: ReadonlySet<NetraBug>): Frame | undefined {
  let frame: Frame = step.frame;
  const type = frame.type;
  if (bugs.has('events-addressed-by-run-id') && step.path === 'bridge') return undefined;
  if (
    bugs.has('context-user-id-is-thread-id') &&
    step.path === 'bridge' &&
    (type === 'agent_thinking' || type === 'agent_completed')
  )
    return undefined;
  if (bugs.has('thinking-sent-as-reasoning') && type === 'agent_thinking') frame = { ...frame, type: 'reasoning' };
  if (bugs.has('tool-completed-without-results') && type === 'tool_completed') {
    frame = without(frame, 'results');
    if ('data' in frame) frame.data = without(nested(frame, 'data'), 'result');
    if ('metadata' in frame) frame.metadata = without(nested(frame, 'metadata'), 'result');
  }
  if (bugs.has('tool-arguments-swapped') && type === 'tool_executing') {
    const toolName = frame.tool_name;
    frame = { ...frame, tool_name: step.agentName };
    if (step.path === 'bridge') frame.agent_name = toolName;
  }
  if (bugs.has('tool-name-only-nested') && (type === 'tool_executing' || type === 'tool_completed')) {
    const toolName = frame.tool_name;
    frame = without(frame, 'tool_name');
    if (step.path === 'bridge') frame.data = { ...nested(frame, 'data'), tool_name: toolName };
    else frame.payload = { tool_name: toolName };
  }
  return frame;
}
