import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../../contracts/Summary.ts';
import { REPO_ROOT } from '../../targets/referenceCli.testkit.ts';

describe('goldpath run against a target that is not there', { timeout: 120_000 }, () => {
  it('stops once with exit 3 and one line, and skips the scenarios after the first', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const out = join(mkdtempSync(join(tmpdir(), 'goldpath-stop-e2e-')), 'run');
    const args = [
      'bin/goldpath.mjs',
      'run',
      '--target',
      `ws://127.0.0.1:${port}/ws`,
      '--secret',
      'some-secret',
      '--project',
      'protocol',
      '--scenario',
      'golden*',
      '--workers',
      '1',
      '--out',
      out,
    ];
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile('node', args, { cwd: REPO_ROOT, timeout: 100_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stderr }),
      );
    });
    expect(code).toBe(3);
    const lines = stderr.split('\n').filter((line) => line.startsWith('goldpath: starting the url target'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`is unreachable: TCP connect to 127.0.0.1:${port} failed (ECONNREFUSED)`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.status).toBe('infrastructure_error');
    expect(summary.scenarios.map((s) => s.status).sort()).toEqual(['failed', 'skipped', 'skipped']);
  });
});
