import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import { signTestToken } from '../../reference/signTestToken.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { withCanary } from '../client/withCanary.ts';
import { goldenPathHandlers } from './goldenPathHandlers.ts';
import { recordingHandlers } from './recordingHandlers.ts';
import { ChatSocketClient } from './testing/ChatSocketClient.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const server = setupServer();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-msw-rec-'));
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

/** `node bin/goldpath.mjs check <file>`: its exit code and output. */
function goldpathCheck(path: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      'node',
      ['bin/goldpath.mjs', 'check', path],
      { cwd: REPO_ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

/** A frontend session through msw to the reference backend: a start_agent and a follow-up in its thread. */
async function recordSession(name: string, defects: string[]): Promise<string> {
  await using backend = await startReferenceBackend({ latencyMs: 1, defects });
  const out = join(dir, name);
  await using recording = await recordingHandlers({
    url: backend.wsUrl,
    out,
    header: { scenario: 'frontend session' },
  });
  server.use(...recording.handlers);
  const { client } = await ChatSocketClient.connect(
    backend.wsUrl,
    await signTestToken({ secret: backend.secret, userId: 'gp-mswr-u0001' }),
  );
  const first = await client.run(client.startAgent(withCanary('Compare the plans [tools:1]').text));
  await client.run(client.userMessage(withCanary('And the cheaper one? [tools:2]').text, first.threadId ?? null));
  client.close();
  await recording.close();
  return out;
}

describe('recordingHandlers', () => {
  it('records a standard-WebSocket session with the real backend, and goldpath check passes it (exit 0)', async () => {
    const out = await recordSession('clean.history.jsonl', []);
    const { records } = await readHistory(out);
    const kinds = records.map((r) => (r.kind === 'frame' ? `${r.kind}:${r.dir}` : r.kind));
    expect(kinds[0]).toBe('open');
    // the socket's close is its last record (the writer may end the file with its own end record)
    expect(kinds.filter((k) => k !== 'end').at(-1)).toBe('close');
    expect(kinds.filter((k) => k === 'frame:out')).toHaveLength(2);
    expect(records.every((r) => !('user' in r) || r.user === 'gp-mswr-u0001')).toBe(true);
    // the token the client offered never reaches the history
    expect(JSON.stringify(records)).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    const check = await goldpathCheck(out);
    expect(check.output).toContain('PASS');
    expect(check.code).toBe(0);
  });

  it('with the drop-thinking defect on, goldpath check fails the recording (exit 1) with completeness.missing_event_type', async () => {
    const out = await recordSession('drop-thinking.history.jsonl', ['drop-thinking']);
    const check = await goldpathCheck(out);
    expect(check.output).toContain('completeness.missing_event_type');
    expect(check.code).toBe(1);
  });

  it('records a session that goldenPathHandlers then replays, run for run, with the backend gone', async () => {
    const out = await recordSession('round-trip.history.jsonl', []);
    server.resetHandlers();
    const mock = await goldenPathHandlers({ url: 'ws://127.0.0.1:9/ws', history: out });
    server.use(...mock.handlers);
    const { client } = await ChatSocketClient.connect(
      'ws://127.0.0.1:9/ws',
      await signTestToken({ secret: 'unused', userId: 'gp-replay-u0001' }),
    );
    const first = await client.run(client.startAgent('Compare the plans again'));
    const second = await client.run(client.userMessage('And the cheaper one?', first.threadId ?? null));
    client.close();
    expect([first.types, second.types]).toEqual(mock.recorded.map((r) => r.frames.map((f) => f.json.type)));
    expect([first.ended, second.ended]).toEqual(['completed', 'completed']);
    expect(mock.errors).toEqual([]);
  });

  it('records a ticket-flow socket under the user the ticket was issued to', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 1 });
    const out = join(dir, 'ticket.history.jsonl');
    const recording = await recordingHandlers({ url: backend.wsUrl, out });
    server.use(...recording.handlers);
    const token = await signTestToken({ secret: backend.secret, userId: 'gp-tick-u0001' });
    const response = await fetch(`${backend.httpUrl}/api/websocket/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl_seconds: 300, single_use: true }),
    });
    const { ticket_id: ticket } = (await response.json()) as { ticket_id: string };
    const { client } = await ChatSocketClient.connect(
      `${backend.wsUrl}?ticket=${encodeURIComponent(ticket)}`,
      undefined,
    );
    await client.run(client.startAgent('Through a ticket [tools:1]'));
    client.close();
    await recording.close();
    const { records } = await readHistory(out);
    expect(new Set(records.flatMap((r) => ('user' in r && r.user !== undefined ? [r.user] : [])))).toEqual(
      new Set(['gp-tick-u0001']),
    );
    const opened = records.find((r) => r.kind === 'open');
    expect(opened?.kind === 'open' && opened.url).not.toContain(ticket);
  });
});
