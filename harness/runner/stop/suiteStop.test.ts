import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNetraLikeBackend } from '../../../test/backends/startNetraLikeBackend.ts';
import { InfrastructureError } from '../../common/GoldpathError.ts';
import { parseConfig } from '../../config/index.ts';
import type { StartedTarget } from '../../targets/index.ts';
import { readSuiteStop, SuiteStopGate } from './suiteStop.ts';
import { UserPool } from '../fixtures/UserPool.ts';

const CREDENTIALS = 'HS256 tokens via Sec-WebSocket-Protocol "jwt.<token>, jwt-auth"';

function targetAt(wsUrl: string, httpUrl: string, secret: string): StartedTarget {
  const stop = async (): Promise<void> => {};
  return { kind: 'url', label: wsUrl, wsUrl, httpUrl, secret, stop, [Symbol.asyncDispose]: stop };
}

/** Two pools of one run (two scenarios) sharing a report directory, as two workers would. */
function run(wsUrl: string, httpUrl: string, secret: string) {
  const outDir = mkdtempSync(join(tmpdir(), 'goldpath-stop-'));
  const config = parseConfig({ target: { kind: 'url', wsUrl }, auth: { kind: 'jwt', secret } });
  const pool = (scenario: string) =>
    new UserPool({
      target: targetAt(wsUrl, httpUrl, secret),
      config,
      tag: scenario.slice(0, 4),
      scenario,
      suiteStop: new SuiteStopGate({ outDir, credentials: CREDENTIALS }),
    });
  return { outDir, pool };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('the run stops once when the target cannot be tested', () => {
  it('records the refusal of every user of the first scenario, in one line, for the scenarios after it', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge', auth: { requireTokenType: true } });
    const { outDir, pool } = run(backend.wsUrl, backend.httpUrl, 'not-the-secret-of-this-backend');
    const first = pool('first');
    const error = await rejection(first.connect(3));
    await first.closeAll();
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).errorKind).toBe('infrastructure');
    expect(error.message).toMatch(
      /^the backend refused the suite's credentials: 3 of 3 users of "first" got error_message AUTH_FAILED ".*" then close 1008 "Authentication failed"; sent HS256 tokens via .* \[GOLDPATH_AUTH_REFUSED\]$/,
    );
    expect(readSuiteStop(outDir)).toMatchObject({ code: 'GOLDPATH_AUTH_REFUSED', scenario: 'first' });
  });

  it("does not stop the run for refusals after some user was welcomed: those are the backend's findings", async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge' });
    const { outDir, pool } = run(backend.wsUrl, backend.httpUrl, backend.secret);
    const welcomed = pool('welcomed');
    await welcomed.connect(1);
    await welcomed.closeAll();
    const refused = new UserPool({
      target: targetAt(backend.wsUrl, backend.httpUrl, 'wrong-secret'),
      config: parseConfig({
        target: { kind: 'url', wsUrl: backend.wsUrl },
        auth: { kind: 'jwt', secret: 'wrong-secret' },
      }),
      tag: 'late',
      scenario: 'late',
      suiteStop: new SuiteStopGate({ outDir, credentials: CREDENTIALS }),
    });
    const error = await rejection(refused.connect(2));
    await refused.closeAll();
    expect(error).not.toBeInstanceOf(InfrastructureError);
    expect(error.message).toMatch(/^2 of 2 users failed to connect; first: /);
    expect(readSuiteStop(outDir)).toBeUndefined();
  });

  it('stops when the target dies mid-run, naming it as such', async () => {
    const backend = await startNetraLikeBackend({ shape: 'bridge' });
    const { outDir, pool } = run(backend.wsUrl, backend.httpUrl, backend.secret);
    const before = pool('before');
    await before.connect(2);
    await before.closeAll();
    await backend.close();
    const error = await rejection(pool('after').connect(2));
    expect(error.message).toMatch(
      /^the target stopped answering during the run: ws:\/\/127\.0\.0\.1:\d+\/ws: ECONNREFUSED for 2 of 2 users of "after" after earlier users were welcomed; .* \[GOLDPATH_TARGET_DIED\]$/,
    );
    expect(readSuiteStop(outDir)?.code).toBe('GOLDPATH_TARGET_DIED');
  });

  it('says the upgrade was never answered while /health answers', async () => {
    const held: Socket[] = [];
    const server: Server = createServer((_request, response) => response.writeHead(200).end('{"status":"healthy"}'));
    server.on('upgrade', (_request, socket: Socket) => held.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { outDir, pool } = run(`ws://127.0.0.1:${port}/ws`, `http://127.0.0.1:${port}`, 'some-secret');
    const error = await rejection(pool('silent').connect(2, { timeoutMs: 300 }));
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(error.message).toContain('the WebSocket upgrade at ws://127.0.0.1:');
    expect(error.message).toContain(
      'for 2 of 2 users of "silent", while GET /health answered 200; check the WebSocket path',
    );
    expect(readSuiteStop(outDir)?.code).toBe('GOLDPATH_UPGRADE_UNANSWERED');
  });
});
