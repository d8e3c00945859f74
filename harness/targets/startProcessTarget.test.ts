import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/loadConfig.ts';
import { canConnect } from './probe.ts';
import { openWelcome } from './openWelcome.testkit.ts';
import { REFERENCE_COMMAND, REFERENCE_READY_LOG, REPO_ROOT } from './referenceCli.testkit.ts';
import { startTarget } from './startTarget.ts';

const SECRET = 'process-secret';

describe('process target: the reference backend as a separate Node process, by its own CLI', () => {
  it('is ready when its log says it listens, welcomes a signed user, and writes target.log', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'goldpath-process-'));
    const target = await startTarget(
      parseConfig({
        auth: { kind: 'jwt', secret: SECRET },
        target: {
          kind: 'process',
          command: REFERENCE_COMMAND(SECRET),
          cwd: REPO_ROOT,
          readyLog: REFERENCE_READY_LOG,
          metricsPath: '/api/factory/metrics',
        },
      }),
      { logDir },
    );
    expect(target.kind).toBe('process');
    expect(target.label).toBe(
      `process node --import tsx reference/cli/runReference.ts --port ${new URL(target.httpUrl).port} --secret [redacted-secret]`,
    );
    expect(target.secret).toBe(SECRET);
    expect((await openWelcome(target.wsUrl, SECRET)).type).toBe('connection_established');
    expect(await target.metrics?.()).toMatchObject({ total_engines_created: 0 });
    await target.stop();
    expect((await canConnect('127.0.0.1', Number(new URL(target.httpUrl).port), 1000)).ok).toBe(false);
    const log = readFileSync(join(logDir, 'target.log'), 'utf8');
    expect(log).toMatch(/\[stdout\] goldpath reference listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(log).not.toContain(SECRET);
  });

  it('is ready when an HTTP path answers 2xx, with the port also in env PORT', async () => {
    await using target = await startTarget(
      parseConfig({
        auth: { kind: 'jwt', secretEnv: 'GOLDPATH_SECRET' },
        target: {
          kind: 'process',
          command: [
            'node',
            '--import',
            'tsx',
            'reference/cli/runReference.ts',
            '--port',
            '${PORT}',
            '--secret',
            SECRET,
          ],
          cwd: REPO_ROOT,
          env: { GOLDPATH_SECRET: SECRET },
          readyPath: '/health',
        },
      }),
    );
    expect((await fetch(`${target.httpUrl}/health`)).status).toBe(200);
    expect((await openWelcome(target.wsUrl, SECRET)).type).toBe('connection_established');
  });

  it('sends SIGKILL when the process ignores SIGTERM for stopTimeoutMs', async () => {
    const script =
      "process.on('SIGTERM', () => console.log('ignoring SIGTERM')); require('http').createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('up'))";
    const target = await startTarget(
      parseConfig({
        auth: { kind: 'static', tokens: { u1: 't1' } },
        target: { kind: 'process', command: ['node', '-e', script], readyLog: '^\\[stdout\\] up$', stopTimeoutMs: 300 },
      }),
    );
    await target.stop();
    const logs = target.logs?.() ?? [];
    expect(logs).toContain('[stdout] ignoring SIGTERM');
    expect(logs).toContain('[goldpath] no exit 300 ms after SIGTERM: SIGKILL');
  });
});
