import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError, UsageError } from '../common/GoldpathError.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { parseConfig } from '../config/loadConfig.ts';
import type { GoldpathConfigInput } from '../config/GoldpathConfig.ts';
import { freePort } from './freePort.ts';
import { startTarget } from './startTarget.ts';

const AUTH = { kind: 'jwt', secret: 'infra-secret' } as const;
const start = (target: GoldpathConfigInput['target'], logDir?: string) =>
  startTarget(parseConfig({ target, auth: AUTH }), logDir ? { logDir } : {});

async function failure(promise: Promise<unknown>): Promise<InfrastructureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfrastructureError);
  expect((error as InfrastructureError).exitCode).toBe(ExitCode.Infrastructure);
  return error as InfrastructureError;
}

describe('infrastructure failures are exit-3 errors that say what happened', () => {
  const savedDockerHost = process.env.DOCKER_HOST;
  afterEach(() => {
    if (savedDockerHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedDockerHost;
  });

  it('names the address of an unreachable url target', async () => {
    const port = await freePort();
    const error = await failure(start({ kind: 'url', wsUrl: `ws://127.0.0.1:${port}/ws`, reachTimeoutMs: 1000 }));
    expect(error.code).toBe('GOLDPATH_TARGET_UNREACHABLE');
    expect(error.message).toBe(
      `target ws://127.0.0.1:${port}/ws is unreachable: TCP connect to 127.0.0.1:${port} failed (ECONNREFUSED). Start the backend first, or fix target.wsUrl.`,
    );
  });

  it('shows the last log lines, redacted, of a process that crashes at start', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'goldpath-target-'));
    const script =
      "console.log('booting on ' + process.env.PORT); console.error('fatal: bad token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLXBhcnQ'); process.exit(7)";
    const error = await failure(
      start({ kind: 'process', command: ['node', '-e', script], readyPath: '/health' }, logDir),
    );
    expect(error.code).toBe('GOLDPATH_PROCESS_EXITED');
    expect(error.message).toMatch(/^target process exited early with code 7 before it was ready: node -e /);
    expect(error.message).toMatch(/\[stdout\] booting on \d+\n\s+\[stderr\] fatal: bad token \[redacted-jwt\]$/);
    expect(readFileSync(join(logDir, 'target.log'), 'utf8')).toContain('[stderr] fatal: bad token [redacted-jwt]');
  });

  it('reports the timeout and the last lines of a process that never gets ready, and stops it', async () => {
    const script = "console.log('warming up, pid ' + process.pid); setInterval(() => {}, 1000)";
    const error = await failure(
      start({ kind: 'process', command: ['node', '-e', script], readyPath: '/health', readyTimeoutMs: 1500 }),
    );
    expect(error.code).toBe('GOLDPATH_PROCESS_NOT_READY');
    expect(error.message).toContain(`target process never got ready within 1500 ms (waited for GET http://127.0.0.1:`);
    expect(error.message).toContain('Raise target.readyTimeoutMs or fix target.readyPath / target.readyLog.');
    const pid = Number(/warming up, pid (\d+)/.exec(error.message)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('says a spawn that cannot start could not be spawned', async () => {
    const error = await failure(
      start({ kind: 'process', command: ['/nonexistent/goldpath-backend', '--port', '$PORT'] }),
    );
    expect(error.code).toBe('GOLDPATH_PROCESS_EXITED');
    expect(error.message).toContain('target process could not be spawned (spawn /nonexistent/goldpath-backend ENOENT)');
  });

  it('says what was tried and how to provide a container engine when none answers', async () => {
    const dead = join(tmpdir(), `goldpath-dead-${process.pid}.sock`);
    expect(existsSync(dead)).toBe(false);
    process.env.DOCKER_HOST = `unix://${dead}`;
    const began = performance.now();
    const error = await failure(start({ kind: 'container', image: 'goldpath-reference:local' }));
    expect(performance.now() - began).toBeLessThan(5_000);
    expect(error.code).toBe('GOLDPATH_NO_CONTAINER_ENGINE');
    expect(error.message.split('\n').slice(0, 3)).toEqual([
      'no container engine answered, so the container target cannot start. Tried:',
      `  - unix://${dead} (DOCKER_HOST): no such socket`,
      'Provide one:',
    ]);
    expect(error.message).toContain('dockerd --bridge=none');
    expect(error.message).toContain('export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 TESTCONTAINERS_RYUK_DISABLED=true');
    expect(error.stack ?? '').not.toContain('Could not find a working container runtime strategy');
  });

  it('names the engine endpoint that refused', async () => {
    const port = await freePort();
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${port}`;
    const error = await failure(start({ kind: 'container', image: 'goldpath-reference:local' }));
    expect(error.message).toContain(`  - tcp://127.0.0.1:${port} (DOCKER_HOST): ECONNREFUSED`);
  });
});

describe('a missing secret is a usage error (exit 2) naming the key', () => {
  it('asks for auth.secret when a url target has none', async () => {
    const error = await startTarget(parseConfig({ target: { kind: 'url', wsUrl: 'ws://127.0.0.1:9/ws' } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.Usage);
    expect((error as UsageError).message).toMatch(/^auth\.secret: a url target needs the backend's HS256 secret/);
  });

  it('names an unset auth.secretEnv variable', async () => {
    const error = await startTarget(
      parseConfig({
        target: { kind: 'url', wsUrl: 'ws://127.0.0.1:9/ws' },
        auth: { kind: 'jwt', secretEnv: 'GOLDPATH_TEST_UNSET_SECRET' },
      }),
    ).catch((e: unknown) => e);
    expect((error as UsageError).message).toBe(
      "auth.secretEnv names GOLDPATH_TEST_UNSET_SECRET, but that environment variable is empty or unset. Export GOLDPATH_TEST_UNSET_SECRET=<the backend's HS256 secret> or set auth.secret.",
    );
  });
});
