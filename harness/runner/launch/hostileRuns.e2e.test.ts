import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import {
  startHostileBackend,
  type HostileBackendOptions,
  type StartedHostileBackend,
} from '../../../test/backends/hostileBackend.ts';

// `goldpath run` against backends that misbehave on purpose: each run is bounded by an SLA (not the 60 s run
// deadline), exits with its code and says what happened in one line.
const CLI = fileURLToPath(new URL('../../../bin/goldpath.mjs', import.meta.url));
const GOLDEN = 'golden path for one user';
let dir: string;
const backends: StartedHostileBackend[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-hostile-'));
  // short SLAs keep each run to a few seconds; the run deadline stays long, so only the SLAs can end a run early
  await writeFile(
    join(dir, 'goldpath.config.mjs'),
    'export default { sla: { startSlaMs: 2000, maxGapMs: 2000, runDeadlineMs: 60000 } };\n',
  );
});
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  code: number | null;
  /** goldpath's own stderr lines (the prefix kept). */
  lines: string[];
  summary: Summary;
  out: string;
}

async function run(
  name: string,
  backend: HostileBackendOptions,
  extra: string[] = [],
  scenario = GOLDEN,
): Promise<Outcome> {
  const started = await startHostileBackend(backend);
  backends.push(started);
  const out = join(dir, name);
  const child = spawn(
    process.execPath,
    [
      CLI,
      'run',
      '--target',
      started.wsUrl,
      '--secret',
      started.secret,
      '--project',
      'protocol',
      '--scenario',
      scenario,
      '--workers',
      '1',
      '--out',
      out,
      '--config',
      join(dir, 'goldpath.config.mjs'),
      '--quiet',
      ...extra,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
  return {
    code,
    lines: err
      .trimEnd()
      .split('\n')
      .filter((l) => l.startsWith('goldpath: ')),
    summary,
    out,
  };
}

describe('goldpath run against hostile backends', () => {
  it('fails a backend that is silent after the welcome at the start SLA, exit 1', async () => {
    const { code, lines, summary, out } = await run('silent', { mode: 'silent' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      `goldpath: 1 of 1 scenarios failed (completeness.no_run_for_request ×1); reports in ${out}`,
    ]);
    expect(summary.scenarios[0]!.error).toMatch(
      /no agent_started for the start_agent of user gp[0-9a-f]{6}-u0001 \(request GPC-[0-9a-f]+\) within the start SLA of 2000 ms; received nothing after \d+ ms/,
    );
  });

  it('fails a backend that stops answering mid-run at the gap SLA, exit 1', async () => {
    const { code, lines, summary, out } = await run('stall', { mode: 'stall' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      `goldpath: 1 of 1 scenarios failed (completeness.run_not_terminated ×1); reports in ${out}`,
    ]);
    expect(summary.scenarios[0]!.error).toMatch(
      /no event for run run_chat_1_[0-9a-f]+ of user gp[0-9a-f]{6}-u0001 since agent_thinking within the gap SLA of 2000 ms/,
    );
  });

  it('fails the run of a backend that cuts the socket mid-run at once, exit 1', async () => {
    const { code, lines, summary, out } = await run('drop', { mode: 'drop' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      `goldpath: 1 of 1 scenarios failed (completeness.run_not_terminated ×1, completeness.closed_mid_run ×1, infra.unexpected_close ×1); reports in ${out}`,
    ]);
    expect(summary.scenarios[0]!.error).toMatch(
      /socket gp[0-9a-f]{6}-u0001#1 of user gp[0-9a-f]{6}-u0001 closed with 1006 after agent_started → agent_thinking of run run_chat_1_[0-9a-f]+: it cannot complete on this socket/,
    );
  });

  it('keeps the reports small when the backend sends a 1 MB user_id, and still reports the foreign user id, exit 1', async () => {
    const { code, lines, summary, out } = await run('huge', { mode: 'huge' });
    expect(code).toBe(1);
    expect(lines).toEqual([
      `goldpath: 1 of 1 scenarios failed (contract.frame_too_large ×5, completeness.no_run_for_request ×1, isolation.foreign_user_id ×1); reports in ${out}`,
    ]);
    const leak = summary.scenarios[0]!.findings.find((f) => f.code === 'isolation.foreign_user_id')!;
    expect(leak.message.length).toBeLessThan(2100);
    expect(leak.message).toContain('characters)');
    for (const file of ['summary.json', 'index.html', 'playwright-results.json', 'junit.xml'])
      expect(statSync(join(out, file)).size).toBeLessThan(1_000_000);
  });

  it('prints at most ten findings per code for a flood of duplicates and counts the rest, exit 1', async () => {
    const { code, summary } = await run('flood', { mode: 'flood', floodCount: 2000 });
    expect(code).toBe(1);
    const scenario = summary.scenarios[0]!;
    expect(scenario.findingsByCode['order.duplicate_started']).toBe(1999);
    expect(scenario.findings.length).toBeLessThanOrEqual(200);
    expect(scenario.error).toContain('… and 1989 more order.duplicate_started findings not printed');
  });

  it('reports the invalid frames of a backend, exit 1', async () => {
    const { code, lines, out } = await run('invalid', { mode: 'invalid' });
    expect(code).toBe(1);
    expect(lines).toEqual([`goldpath: 1 of 1 scenarios failed (contract.invalid_json ×5); reports in ${out}`]);
  });

  it('stops the suite at its --max-duration budget, reports what it had as interrupted, exit 3', async () => {
    await writeFile(
      join(dir, 'goldpath.config.mjs'),
      'export default { sla: { startSlaMs: 60000, maxGapMs: 60000, runDeadlineMs: 60000 } };\n',
    );
    try {
      const { code, lines, summary, out } = await run(
        'budget',
        { mode: 'stall' },
        ['--max-duration', '6s'],
        'concurrent users each get only',
      );
      expect(code).toBe(3);
      expect(summary).toMatchObject({ status: 'interrupted', stoppedBy: 'budget' });
      expect(summary.scenarios.map((s) => s.status)).toEqual(['interrupted']);
      expect(lines).toEqual([
        `goldpath: the suite ran out of its time budget of 6 s (--max-duration) after 0 of 1 scenarios (0 failed, 1 interrupted); reports in ${out}`,
      ]);
    } finally {
      await writeFile(
        join(dir, 'goldpath.config.mjs'),
        'export default { sla: { startSlaMs: 2000, maxGapMs: 2000, runDeadlineMs: 60000 } };\n',
      );
    }
  });
});
