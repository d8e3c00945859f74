import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFECT_NAMES } from '../../reference/defects/defectCatalog.ts';
import { setQuiet } from '../common/log.ts';
import { parseConfig } from '../config/index.ts';
import { runSelftest } from './runSelftest.ts';
import { SelftestMatrix } from '../../contracts/SelftestMatrix.ts';
import { writeMatrix } from './writeMatrix.ts';

// The self-test for real, on the embedded reference backend: every defect alone on its scenarios, then the clean
// backend 20 times. To stay near three minutes on 2 cores: defect runs two at a time, starved runs awaited 5 s, and the
// clean repetitions over a fast subset (golden path, three tools, concurrent users at its default 50) — `goldpath selftest` repeats
// the whole protocol suite instead. The intermittent rates are measured by the command only. The ceilings (each suite
// run 4 min, the whole 10 min) leave room for vitest running another file beside this one on a loaded machine.
const CLEAN_SUBSET = 'golden path for one user|a run with three tools|concurrent users each get';

let dir: string;
let matrix: SelftestMatrix;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-selftest-e2e-'));
  setQuiet(true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  matrix = await runSelftest({
    config: parseConfig({}),
    outDir: dir,
    runDeadlineMs: 5000,
    concurrency: 2,
    repeatClean: 20,
    scenario: CLEAN_SUBSET,
    users: 4,
    intermittent: [],
    timeoutMs: 240_000,
  });
  await writeMatrix(matrix, dir);
}, 600_000);

afterAll(async () => {
  setQuiet(false);
  vi.restoreAllMocks();
  if (matrix) process.stdout.write(`goldpath selftest e2e: ${Math.round(matrix.durationMs)} ms\n`);
  await rm(dir, { recursive: true, force: true });
});

describe('goldpath selftest on the reference backend', () => {
  it('detects every defect of the catalog with its expected codes', () => {
    expect(matrix.defects.map((d) => d.defect).sort()).toEqual([...DEFECT_NAMES].sort());
    const missed = matrix.defects.filter((d) => d.status !== 'detected').map((d) => `${d.spec}: ${d.note}`);
    expect(missed).toEqual([]);
  });

  it('catches slow-factory as a latency regression against a baseline of the clean backend', () => {
    const row = matrix.defects.find((d) => d.defect === 'slow-factory');
    expect(row?.status).toBe('detected');
    expect(row?.latency?.defective.p50).toBeGreaterThan(140);
    expect(row?.latency?.p50Ratio).toBeGreaterThan(2);
  });

  it('gives zero error findings on the clean backend over 20 repetitions (the real default final_response is a content-rule warning)', () => {
    expect(matrix.clean).toMatchObject({ status: 'clean', repeatEach: 20, failed: 0, exitCode: 0 });
    expect(Object.keys(matrix.clean?.findingsByCode ?? {}).filter((code) => code !== 'contract.content_rule')).toEqual(
      [],
    );
    expect(matrix.clean?.scenarios).toBe(60);
  });

  it('writes a matrix.json that parses and a matrix.md with a row per defect', async () => {
    const json = SelftestMatrix.parse(JSON.parse(await readFile(join(dir, 'matrix.json'), 'utf8')));
    expect(json.defects).toHaveLength(DEFECT_NAMES.length);
    const md = await readFile(join(dir, 'matrix.md'), 'utf8');
    for (const name of DEFECT_NAMES) expect(md).toMatch(new RegExp(`\\| \`${name}(:\\d+)?\` \\|`));
  });
});
