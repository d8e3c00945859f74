import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import { signTestToken } from '../../reference/signTestToken.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { checkIsolation } from '../checks/isolationCheck.ts';
import { buildHistory, canary, connect, runDrafts } from '../checks/testing/historyBuilder.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { parseConfig } from '../config/index.ts';
import { attachRecorder } from '../recorder/attachRecorder.ts';
import { HistoryWriter } from '../recorder/HistoryWriter.ts';
import type { StartedTarget } from '../targets/index.ts';
import { UserPool } from './UserPool.ts';

const dir = mkdtempSync(join(tmpdir(), 'goldpath-userpool-'));

function targetAt(wsUrl: string, secret?: string): StartedTarget {
  const httpUrl = wsUrl.replace(/^ws/, 'http').replace(/\/ws$/, '');
  const stop = async (): Promise<void> => {};
  return {
    kind: 'url',
    label: wsUrl,
    wsUrl,
    httpUrl,
    ...(secret !== undefined && { secret }),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A backend of our own on 127.0.0.1 that takes opaque tokens and names the user in its welcome as told. */
async function opaqueTokenBackend(
  welcomeId: (token: string) => string,
): Promise<{ wsUrl: string; close(): Promise<void> }> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    const token = socket.protocol.replace(/^jwt\./, '');
    socket.send(
      JSON.stringify({
        type: 'connection_established',
        data: { mode: 'main', user_id: welcomeId(token), connection_id: 'main_1' },
      }),
    );
  });
  const { port } = server.address() as { port: number };
  return { wsUrl: `ws://127.0.0.1:${port}/ws`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Static users alice and bob each ask once; returns their labels and the history's isolation findings. */
async function staticRun(defects: string[]): Promise<{ labels: string[]; codes: string[] }> {
  await using backend = await startReferenceBackend({ latencyMs: 0, defects });
  const tokens = {
    alice: await signTestToken({ secret: backend.secret, userId: 'user-7f3a9c21e5d4' }),
    bob: await signTestToken({ secret: backend.secret, userId: 'user-0b5e8d4a6c21' }),
  };
  const path = join(dir, `static-${defects.join('-') || 'clean'}.jsonl`);
  const history = await HistoryWriter.open(path, { scenario: 'static users' });
  const pool = await UserPool.open({
    target: targetAt(backend.wsUrl),
    config: parseConfig({ auth: { kind: 'static', tokens } }),
    tag: 'static',
    record: (socket, meta) => attachRecorder(socket, history, meta),
  });
  const users = await pool.connect(2);
  await Promise.all(
    users.map((u) =>
      u
        .startAgent('where is my order [tools:1]')
        .completed({ timeoutMs: 10_000 })
        .catch(() => undefined),
    ),
  );
  await pool.closeAll();
  await history.close();
  const check = await checkHistoryFile(path);
  return {
    labels: users.map((u) => u.userId),
    codes: [...new Set(check.findings.filter((f) => f.code.startsWith('isolation.')).map((f) => f.code))],
  };
}

describe('UserPool user ids', () => {
  const pool = new UserPool({
    target: targetAt('ws://127.0.0.1:1/ws', 'secret'),
    config: parseConfig({}),
    tag: '1a2b3c4d',
  });

  it('gives every user of a test a different first 8 characters, the short id a welcome shows', () => {
    const ids = pool.create(3000).map((u) => u.userId);
    expect(ids[0]).toMatch(/^gp[0-9a-f]{6}-u0001$/);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(3000);
  });

  it("lets the isolation check report a welcome that carries another user's short id, and pass each user's own", async () => {
    const [alice, bob] = new UserPool({
      target: targetAt('ws://127.0.0.1:1/ws', 'secret'),
      config: parseConfig({}),
      tag: 'feedbeef',
    })
      .create(2)
      .map((u) => u.userId) as [string, string];
    const own = buildHistory([
      ...connect(alice),
      ...connect(bob, 'c-2'),
      ...runDrafts({ user: alice, runId: 'r-1', canary: canary(1) }),
    ]);
    expect(await checkIsolation(own.header, own.records)).toEqual([]);
    // bob's socket welcomed with alice's short id: the backend thinks bob's socket is alice's
    const swap = (a: string, b: string) =>
      buildHistory([
        ...connect(a),
        ...connect(b, 'c-2').map((d) =>
          d.kind === 'frame'
            ? {
                ...d,
                payload: {
                  type: 'connection_established',
                  data: { mode: 'main', user_id: `${a.slice(0, 8)}...`, connection_id: 'main_c-2' },
                },
              }
            : d,
        ),
      ]);
    const swapped = swap(alice, bob);
    const findings = await checkIsolation(swapped.header, swapped.records);
    // ids that share their first 8 characters (the old gp-<tag>-u0001 scheme) hide the same swap
    const hidden = swap('gp-1a2b3c4d-u0001', 'gp-1a2b3c4d-u0002');
    expect(await checkIsolation(hidden.header, hidden.records)).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([
      `foreign user_id in connection_established on socket c-2 of user ${bob} at frame 3: expected user_id ${bob}, received ${alice.slice(0, 8)}...`,
    ]);
  });
});

describe('UserPool static-auth labels', () => {
  it("labels static users by their token's sub, so their own events are not foreign; another user's id still is", async () => {
    const clean = await staticRun([]);
    expect(clean).toEqual({ labels: ['user-7f3a9c21e5d4', 'user-0b5e8d4a6c21'], codes: [] });
    const leaky = await staticRun(['foreign-user-id']);
    expect(leaky.codes).toContain('isolation.foreign_user_id');
  }, 30_000);

  it('labels a token without sub by the id its welcome names in full', async () => {
    const backend = await opaqueTokenBackend((token) => `backend-user-${token}`);
    try {
      const pool = await UserPool.open({
        target: targetAt(backend.wsUrl),
        config: parseConfig({ auth: { kind: 'static', tokens: { first: 'opaque42', second: 'opaque43' } } }),
        tag: 'opaque',
      });
      expect(pool.create(2).map((u) => u.userId)).toEqual(['backend-user-opaque42', 'backend-user-opaque43']);
    } finally {
      await backend.close();
    }
  });

  it("keeps the key when the welcome's short id agrees with it, and refuses one it contradicts", async () => {
    const backend = await opaqueTokenBackend(() => 'abcd1234...');
    try {
      const agrees = await UserPool.open({
        target: targetAt(backend.wsUrl),
        config: parseConfig({ auth: { kind: 'static', tokens: { 'abcd1234-real-id': 'opaque-a' } } }),
        tag: 'short',
      });
      expect(agrees.create(1)[0]?.userId).toBe('abcd1234-real-id');
      await expect(
        UserPool.open({
          target: targetAt(backend.wsUrl),
          config: parseConfig({ auth: { kind: 'static', tokens: { alice: 'opaque-b' } } }),
          tag: 'short',
        }),
      ).rejects.toThrow(
        new UsageError(
          'GOLDPATH_STATIC_USER_UNKNOWN',
          'auth.tokens.alice: the token carries no sub and the welcome names its user only as "abcd1234...", so goldpath cannot tell which user_id is this user\'s own. Use the backend\'s user id (it starts with abcd1234) as the key in auth.tokens.',
        ),
      );
    } finally {
      await backend.close();
    }
  });
});
