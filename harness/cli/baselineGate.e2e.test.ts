import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readBaseline } from '../baseline/parseBaseline.ts';
import { Verdict } from '../../contracts/Verdict.ts';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import { setQuiet } from '../common/log.ts';
import { runBaseline } from './baselineCommand.ts';
import { runMigrate } from './migrateCommand.ts';
import { runValidate } from './validateCommand.ts';

// End to end on the embedded reference backend: one baseline (2 passes), four validations, one migration plan.
// Kept small (a fast scenario subset, 4 users) so the whole file stays well under two minutes on 2 cores.
// Runs a defect starves time out after 8 s instead of the default 60 s (the clean runs take about 30 ms), and latency
// must be 100 ms worse to count, as on any shared CI machine (slow-factory adds 300 ms).
const RUN: { scenario: string; users: number; project: string[]; configFile?: string } = {
  scenario: 'golden path for one user|concurrent users each get',
  users: 4,
  project: ['protocol'],
};
let dir: string;
let baselineFile: string;
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - started;
  }
}

async function verdictOf(out: string): Promise<Verdict> {
  return Verdict.parse(JSON.parse(await readFile(join(out, 'verdict.json'), 'utf8')));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-gate-'));
  baselineFile = join(dir, 'baselines', 'clean.json');
  RUN.configFile = join(dir, 'goldpath.config.mjs');
  await writeFile(
    RUN.configFile,
    'export default { sla: { runDeadlineMs: 8000, maxGapMs: 5000 }, thresholds: { latencyAbsoluteMs: 100 } };\n',
  );
  setQuiet(true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await timed('baseline (2 passes)', () =>
    runBaseline({ ...RUN, out: baselineFile, passes: 2, reports: join(dir, 'baseline-reports') }),
  );
  expect(code).toBe(0);
}, 180_000);

afterAll(async () => {
  setQuiet(false);
  vi.restoreAllMocks();
  process.stdout.write(`goldpath e2e timings (ms): ${JSON.stringify(timings)}\n`);
  await rm(dir, { recursive: true, force: true });
});

describe('goldpath baseline and validate on the reference backend', () => {
  it('records a baseline of the clean backend with two passes', async () => {
    const baseline = await readBaseline(baselineFile);
    expect(baseline.passes).toBe(2);
    expect(baseline.scenarios.map((s) => s.name).sort()).toEqual([
      'concurrent users each get only their own runs, in order',
      'golden path for one user: the five events, in order, only for them',
    ]);
    expect(baseline.scenarios.every((s) => Object.keys(s.shapes).length > 0)).toBe(true);
  });

  it('passes the clean backend against its own baseline', async () => {
    const out = join(dir, 'clean');
    const code = await timed('validate clean', () => runValidate({ ...RUN, baseline: baselineFile, out }));
    const verdict = await verdictOf(out);
    expect(verdict.reasons).toEqual([]);
    expect([code, verdict.status]).toEqual([0, 'PASS']);
  }, 120_000);

  it('regresses on engine creation when the factory is slow', async () => {
    const out = join(dir, 'slow');
    const code = await timed('validate slow-factory:300', () =>
      runValidate({ ...RUN, baseline: baselineFile, out, defects: ['slow-factory:300'] }),
    );
    const verdict = await verdictOf(out);
    expect([code, verdict.status]).toEqual([1, 'REGRESSED']);
    expect(verdict.reasons.some((r) => r.kind === 'latency' && r.field?.startsWith('latency.engine_creation.'))).toBe(
      true,
    );
    expect(verdict.reasons.filter((r) => r.kind === 'isolation')).toEqual([]);
  }, 120_000);

  it('breaks when every engine shares one emitter', async () => {
    const out = join(dir, 'shared');
    const code = await timed('validate shared-emitter', () =>
      runValidate({ ...RUN, baseline: baselineFile, out, defects: ['shared-emitter'] }),
    );
    const verdict = await verdictOf(out);
    expect([code, verdict.status]).toEqual([1, 'BROKEN']);
    expect(verdict.reasons.some((r) => r.kind === 'isolation')).toBe(true);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('<p class="verdict">BROKEN</p>');
  }, 120_000);

  it('regresses on shape and order when agent_thinking is dropped', async () => {
    const out = join(dir, 'drop');
    const code = await timed('validate drop-thinking', () =>
      runValidate({ ...RUN, baseline: baselineFile, out, defects: ['drop-thinking'] }),
    );
    const verdict = await verdictOf(out);
    expect([code, verdict.status]).toEqual([1, 'REGRESSED']);
    const kinds = new Set(verdict.reasons.map((r) => r.kind));
    expect(kinds.has('shape')).toBe(true);
    expect(kinds.has('order') || kinds.has('completeness')).toBe(true);
  }, 120_000);

  it('says a file that is not a baseline is a usage error before running anything', async () => {
    await expect(runValidate({ ...RUN, baseline: join(dir, 'clean', 'summary.json') })).rejects.toThrow(
      /is not a goldpath baseline: expected format "goldpath.baseline", found a "goldpath.summary" file/,
    );
  });
});

describe('goldpath migrate on the reference backend', () => {
  it('stops the demo plan at step 3 and rolls back to step 2', async () => {
    const out = join(dir, 'migrate');
    const code = await timed('migrate demo-broken-step3', () =>
      runMigrate({ plan: 'plans/demo-broken-step3.json', out }),
    );
    const timeline = MigrationTimeline.parse(JSON.parse(await readFile(join(out, 'migration.json'), 'utf8')));
    expect(code).toBe(1);
    expect(
      timeline.steps.map((s) => s.status),
      JSON.stringify(timeline.steps.map((s) => s.verdict?.reasons.map((r) => r.message))),
    ).toEqual(['PASS', 'PASS', 'BROKEN', 'NOT_RUN']);
    expect(timeline.rollbackTo?.name).toBe('step-2');
  }, 300_000);
});
