import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startNetraLikeBackend, type NetraBug } from '../../test/backends/startNetraLikeBackend.ts';
import { signToken } from '../../test/backends/testing/signToken.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { withCanary } from '../client/withCanary.ts';
import { goldenPathHandlers } from './goldenPathHandlers.ts';
import type { GoldenPathMockError } from './GoldenPathMockError.ts';
import { recordingHandlers } from './recordingHandlers.ts';
import { ChatSocketClient } from './testing/ChatSocketClient.ts';

// a backend we did not write: a Netra-like server built from the protocol description alone, with its real auth
const server = setupServer();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-msw-netra-'));
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A frontend session through recordingHandlers to a Netra-like backend: two questions in one thread. */
async function recordNetraSession(name: string, shape: 'pipeline' | 'bridge', bugs: NetraBug[] = []): Promise<string> {
  await using backend = await startNetraLikeBackend({ shape, bugs, auth: { requireTokenType: true } });
  const out = join(dir, name);
  const recording = await recordingHandlers({ url: backend.wsUrl, out, header: { scenario: `netra-like ${shape}` } });
  server.use(...recording.handlers);
  const { client } = await ChatSocketClient.connect(
    backend.wsUrl,
    await signToken({ secret: backend.secret, sub: 'gp-netr-u0001' }),
  );
  const first = await client.run(client.startAgent(withCanary('Why did costs rise?').text));
  await client.run(client.userMessage(withCanary('And last month?').text, first.threadId ?? null));
  client.close();
  await recording.close();
  server.resetHandlers();
  return out;
}

describe.each(['pipeline', 'bridge'] as const)('goldpath/msw with a Netra-like backend (%s shape)', (shape) => {
  it('records a session the checks pass, and replays it run for run with the backend gone', async () => {
    const out = await recordNetraSession(`${shape}.history.jsonl`, shape);
    const check = await checkHistoryFile(out);
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(check.stats).toMatchObject({ requests: 2, runsCompleted: 2 });

    const mock = await goldenPathHandlers({ url: 'ws://127.0.0.1:9/ws', history: out });
    server.use(...mock.handlers);
    const { client } = await ChatSocketClient.connect(
      'ws://127.0.0.1:9/ws',
      await signToken({ secret: 'unused', sub: 'alice-0001-frontend' }),
    );
    const run = await client.run(client.startAgent('Why did costs rise this time?'));
    client.close();
    expect(run.ended).toBe('completed');
    expect(run.types).toEqual(mock.recorded[0]!.frames.map((f) => f.json.type));
    expect(mock.errors).toEqual([]);
  });
});

describe('goldpath/msw with a Netra-like backend that has a real bug', () => {
  it('does not replay a tool_completed without its results (09fd1806d): the test gets contract.schema_mismatch', async () => {
    const out = await recordNetraSession('no-results.history.jsonl', 'pipeline', ['tool-completed-without-results']);
    const refused: GoldenPathMockError[] = [];
    const mock = await goldenPathHandlers({
      url: 'ws://127.0.0.1:9/ws',
      history: out,
      onContractError: (e) => refused.push(e),
    });
    server.use(...mock.handlers);
    const { client } = await ChatSocketClient.connect('ws://127.0.0.1:9/ws', undefined);
    const run = await client.run(client.startAgent('Why did costs rise?'));
    expect(run.ended).toBe('closed');
    expect(run.types).not.toContain('tool_completed');
    expect(refused.map((e) => e.code)).toEqual(['contract.schema_mismatch']);
    expect((await checkHistoryFile(out)).findings.map((f) => f.code)).toContain('contract.schema_mismatch');
  });
});
