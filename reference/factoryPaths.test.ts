import { afterEach, expect, test, vi } from 'vitest';
import type { FactoryPath } from './server/ReferenceBackendOptions.ts';
import { startReferenceBackend } from './startReferenceBackend.ts';
import { createClientPool, maskFrame, type Frame } from './testing/connectTestClient.ts';

const pool = createClientPool();
afterEach(() => {
  expect(pool.closeAll()).toEqual([]);
  vi.restoreAllMocks();
});

const REQUESTS = [
  'no tools here [tools:0]',
  'one tool GPC-0000000000000001 [tools:1]',
  'three tools [tools:3]',
  'let the seed decide',
  'and again, the seed',
];

async function recordSession(factoryPath: FactoryPath) {
  await using backend = await startReferenceBackend({ factoryPath, seed: 7, latencyMs: 0 });
  const alice = await pool.connect(backend, { userId: 'user-alice-0001' });
  const runs: Record<string, unknown>[][] = [];
  for (const request of REQUESTS) runs.push((await alice.runGoldenPath(request)).map(maskFrame));
  alice.send({ type: 'user_message', payload: { content: 'a follow-up [tools:2]' } });
  const followUp = await alice.waitFor(
    (f) => f.type === 'agent_completed' && String(f['final_response']).includes('follow-up'),
    'follow-up',
  );
  runs.push(alice.frames.filter((f: Frame) => f['run_id'] === followUp['run_id']).map(maskFrame));
  return { runs, metrics: backend.metrics().factory };
}

test('gives the same event sequences for the same seed on the canonical, compat, unified and mixed paths', async () => {
  vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  const canonical = await recordSession('canonical');
  expect(canonical.runs[0]?.some((f) => f['type'] === 'tool_executing')).toBe(false);
  expect(canonical.runs[2]?.filter((f) => f['type'] === 'tool_executing')).toHaveLength(3);
  for (const path of ['compat', 'unified', 'mixed'] as const) {
    const other = await recordSession(path);
    expect(other.runs, path).toEqual(canonical.runs);
    expect(other.metrics.golden_path_executions, path).toBe(REQUESTS.length + 1);
  }
});

test('routes start_agent through the deprecated wrapper and user_message through compat on the mixed path', async () => {
  const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  await using backend = await startReferenceBackend({ factoryPath: 'mixed', latencyMs: 0 });
  const alice = await pool.connect(backend, { userId: 'user-alice-0001' });
  await alice.runGoldenPath('via start_agent');
  alice.send({ type: 'user_message', payload: { content: 'via user_message' } });
  await alice.waitFor(
    (f) => f.type === 'agent_completed' && String(f['final_response']).includes('via user_message'),
    'user_message run',
  );
  expect(backend.metrics().factory).toMatchObject({ backwards_compatibility_usage: 1, total_engines_created: 2 });
  expect(emitWarning.mock.calls.length).toBeLessThanOrEqual(1);
});
