import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../contracts/Summary.ts';
import { parseConfig } from '../config/index.ts';
import type { RunSuiteOptions, RunSuiteResult } from '../runner/launch/runSuite.ts';
import { DEFECT_EXPECTATIONS } from './defectExpectations.ts';
import { formatMatrix } from './formatMatrix.ts';
import { runSelftest } from './runSelftest.ts';
import { SelftestMatrix } from '../../contracts/SelftestMatrix.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function summaryWith(findingsByCode: Record<string, number>): Summary {
  const findings = Object.values(findingsByCode).reduce((a, b) => a + b, 0);
  return {
    format: 'goldpath.summary',
    version: 1,
    runId: 'fake',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    goldpathVersion: '0.1.0',
    contractVersion: '1.0.0',
    target: { kind: 'embedded' },
    environment: {},
    scenarios: [
      {
        name: 'golden path for one user',
        status: findings > 0 ? 'failed' : 'passed',
        durationMs: 10,
        users: 1,
        requests: 1,
        runs: 1,
        runsCompleted: 1,
        events: 5,
        frames: 6,
        findingsByCode,
        findings: [],
        latency: {},
        shapes: {},
        histories: [],
      },
    ],
    totals: { scenarios: 1, passed: findings > 0 ? 0 : 1, failed: findings > 0 ? 1 : 0, runs: 1, events: 5, findings },
    findingsByCode,
    status: findings > 0 ? 'failed' : 'passed',
  };
}

/** A backend where drop-thinking always yields completeness.missing_event_type and the clean one yields `clean`. */
function fakeRun(clean: Record<string, number> = {}) {
  const calls: RunSuiteOptions[] = [];
  const run = async (options: RunSuiteOptions): Promise<RunSuiteResult> => {
    calls.push(options);
    const summary =
      options.defects?.[0] === 'drop-thinking'
        ? summaryWith({ 'completeness.missing_event_type': 1 })
        : summaryWith(clean);
    return { exitCode: summary.status === 'passed' ? 0 : 1, summary, outDir: options.outDir ?? 'x' };
  };
  return { run, calls };
}

async function selftest(overrides: Parameters<typeof runSelftest>[0]) {
  const outDir = await mkdtemp(join(tmpdir(), 'goldpath-selftest-'));
  dirs.push(outDir);
  return runSelftest({ config: parseConfig({}), outDir, intermittent: [], ...overrides });
}

describe('runSelftest', () => {
  it('reports a defect as detected when a finding of its expected code appears', async () => {
    const { run, calls } = fakeRun();
    const matrix = await selftest({ defects: ['drop-thinking'], run, repeatClean: 3 });
    expect(SelftestMatrix.parse(matrix).passed).toBe(true);
    expect(matrix.defects[0]).toMatchObject({
      defect: 'drop-thinking',
      status: 'detected',
      matched: { 'completeness.missing_event_type': 1 },
    });
    expect(matrix.clean).toMatchObject({ status: 'clean', repeatEach: 3, findings: 0 });
    expect(calls.map((c) => [c.defects, c.scenario, c.repeatEach])).toEqual([
      [['drop-thinking'], 'golden path for one user', undefined],
      [undefined, undefined, 3],
    ]);
    expect(calls[0]?.config?.sla.runDeadlineMs).toBe(8000);
  });

  it('reports a deliberately wrong expectation as not detected, with the codes that did appear', async () => {
    const { run } = fakeRun();
    const wrong = { ...DEFECT_EXPECTATIONS['drop-thinking'], codes: ['order.duplicate_terminal'] };
    const matrix = await selftest({ expectations: [wrong], run, skipClean: true });
    expect(matrix.passed).toBe(false);
    expect(matrix.defects[0]?.status).toBe('other_codes');
    expect(matrix.problems).toEqual([
      'drop-thinking not detected (other_codes): the suite failed with completeness.missing_event_type ×1, but no order.duplicate_terminal',
    ]);
    expect(formatMatrix(matrix)).toContain(
      '| `drop-thinking` | **NO** (other codes) | · | · | missing_event_type ×1 |',
    );
  });

  it('fails when the clean backend gives a finding over the repetitions', async () => {
    const { run } = fakeRun({ 'order.gap_exceeded': 1 });
    const matrix = await selftest({ defects: ['drop-thinking'], run, repeatClean: 20 });
    expect(matrix.passed).toBe(false);
    expect(matrix.clean?.status).toBe('findings');
    expect(matrix.problems[0]).toMatch(
      /^the clean backend gave 1 findings and 1 failed scenarios over 20 repetitions \(order\.gap_exceeded ×1\)/,
    );
  });

  it('counts the clean backend clean when its only findings are warnings: no scenario failed, exit 0', async () => {
    const warned = { ...summaryWith({}), findingsByCode: { 'contract.content_rule': 3 } };
    warned.totals = { ...warned.totals, findings: 3 };
    const run = async (options: RunSuiteOptions): Promise<RunSuiteResult> => ({
      exitCode: 0,
      summary: warned,
      outDir: options.outDir ?? 'x',
    });
    const matrix = await selftest({ defects: [], expectations: [], run, repeatClean: 20 });
    expect(matrix.clean).toMatchObject({ status: 'clean', findings: 3, failed: 0 });
    expect(formatMatrix(matrix)).toContain(
      '0 failed — no false positives, no flakiness (warnings only: contract.content_rule ×3)',
    );
  });

  it('rejects an unknown defect name with the list of known ones', async () => {
    await expect(selftest({ defects: ['drop-thinkin'], run: fakeRun().run })).rejects.toThrow(
      /unknown defect "drop-thinkin": expected names from singleton-router, /,
    );
  });
});
