import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

interface EventSpec {
  user: string;
  run: string;
  type: string;
  /** ms since the history started */
  at: number;
  /** The user_id the frame carries, when it differs from the receiving user (a leak). */
  userId?: string;
}

/** Writes a small JSONL history: one header, one request frame per run, then the given server events. */
export async function writeHistory(file: string, events: EventSpec[]): Promise<void> {
  const lines: unknown[] = [
    {
      kind: 'header',
      format: 'goldpath.history',
      version: 1,
      createdAt: '2026-11-23T10:00:00.000Z',
      contractVersion: '1.0.0',
      dialect: 'netra',
      scenario: 'golden path',
    },
  ];
  let seq = 0;
  const frame = (user: string, dir: 'in' | 'out', body: unknown, at: number) => {
    const text = JSON.stringify(body);
    lines.push({
      kind: 'frame',
      seq: seq++,
      mono: at * 1e6,
      wall: 1_795_000_000_000 + at,
      user,
      conn: `${user}-c1`,
      dir,
      text,
      size: text.length,
      parse: 'json',
    });
  };
  for (const run of new Set(events.map((e) => `${e.user}|${e.run}`))) {
    const [user] = run.split('|');
    frame(user ?? 'u', 'out', { type: 'start_agent', payload: { user_request: 'hello GPC-0123456789abcdef' } }, 0);
  }
  for (const e of events) {
    frame(
      e.user,
      'in',
      {
        type: e.type,
        run_id: e.run,
        user_id: e.userId ?? e.user,
        thread_id: 't',
        agent_name: 'supervisor',
        ...(e.type.startsWith('tool_') ? { tool_name: 'search', execution_id: `x-${e.run}` } : {}),
        timestamp: new Date(1_795_000_000_000 + e.at).toISOString(),
      },
      e.at,
    );
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

/** The five golden-path events of one run, `step` ms apart. */
export function goldenRun(user: string, run: string, start: number, step = 10): EventSpec[] {
  return ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'].map((type, i) => ({
    user,
    run,
    type,
    at: start + i * step,
  }));
}
