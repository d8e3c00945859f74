import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Summary } from '../../contracts/Summary.ts';
import { log } from '../common/log.ts';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { formatSummaryTable } from './formatSummaryTable.ts';
import { makeFinding, makeScenario, makeSummary } from './testing/makeSummary.ts';
import { findAll, parseXml } from './testing/parseXml.ts';
import { writeReports } from './writeReports.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function failedSummary() {
  const leak = makeFinding('isolation.foreign_canary', {
    user: 'u-2',
    related: { user: 'u-1' },
    message:
      "foreign canary on the socket of u-2: expected only u-2's canaries, received GPC-aaaa of u-1 in run r-4 at frame 12",
  });
  return makeSummary([
    makeScenario({ project: 'protocol', file: 'scenarios/goldenPath.spec.ts' }),
    makeScenario({
      name: 'concurrent users',
      project: 'protocol',
      status: 'failed',
      findingsByCode: { 'isolation.foreign_canary': 1 },
      findings: [leak],
      histories: ['histories/concurrent-users.jsonl'],
    }),
  ]);
}

describe('writeReports', () => {
  it('writes a summary.json that validates against the Summary schema', async () => {
    const files = await writeReports(makeSummary(), dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'summary.json',
      'junit.xml',
      'summary.md',
      'index.html',
    ]);
    expect(Summary.safeParse(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'))).success).toBe(true);
  });

  it('writes a junit.xml that parses, with a failure carrying the finding code of a failed scenario', async () => {
    await writeReports(failedSummary(), dir);
    const doc = parseXml(await readFile(join(dir, 'junit.xml'), 'utf8'));
    const suites = findAll(doc, 'testsuite');
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([['protocol', '2', '1']]);
    const cases = findAll(doc, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual(['golden path', 'concurrent users']);
    const failure = findAll(cases[1]!, 'failure')[0]!;
    expect(failure.attrs.message).toBe('failed: isolation.foreign_canary ×1');
    expect(failure.text).toContain('[1/1] isolation.foreign_canary: foreign canary on the socket of u-2');
    expect(findAll(cases[1]!, 'system-out')[0]?.text).toContain('history: histories/concurrent-users.jsonl');
    expect(findAll(cases[0]!, 'failure')).toEqual([]);
  });

  it('adds the verdict to junit.xml, summary.md and verdict.json', async () => {
    const summary = failedSummary();
    const verdict = compareWithBaseline(
      buildBaseline([
        makeSummary([
          makeScenario({ project: 'protocol' }),
          makeScenario({ name: 'concurrent users', project: 'protocol' }),
        ]),
      ]),
      summary,
      {},
      { step: 'step-3' },
    );
    const files = await writeReports(summary, dir, { verdict, html: false });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'summary.json',
      'verdict.json',
      'junit.xml',
      'summary.md',
    ]);
    expect(JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8'))).toMatchObject({
      status: 'BROKEN',
      step: 'step-3',
    });
    const baselineCase = findAll(parseXml(await readFile(join(dir, 'junit.xml'), 'utf8')), 'testcase').find(
      (c) => c.attrs.classname === 'baseline',
    );
    expect(findAll(baselineCase!, 'failure')[0]?.attrs.message).toBe('BROKEN: 1 reason');
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain('## goldpath: 🛑 BROKEN at step step-3');
    expect(md).toContain(
      '| 1 | isolation | protocol › concurrent users | isolation.foreign_canary findings | 0 (isolation is never within noise) | 1 |',
    );
  });

  it('writes a summary.md with the status line, a scenario table, findings by code and latency', async () => {
    await writeReports(failedSummary(), dir, { html: false, junit: false });
    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## goldpath: ❌ failed');
    expect(md).toContain('| protocol › concurrent users | ❌ failed | 4 | 20 | 20 (20) | 120 | 1 | 15.0 |');
    expect(md).toMatch(/^Scenario files:\n\n- `scenarios\/goldenPath\.spec\.ts`: protocol › [^\n]+$/m);
    expect(md).toContain('| `isolation.foreign_canary` | 1 | foreign canary on the socket of u-2');
    expect(md).toContain('| golden path | engine_creation | 20 | 10.0 | 15.0 | 18.0 | 20.0 |');
  });

  it('puts a run that could not do its job into junit.xml as an error and into summary.md, and leaves a sound run out', async () => {
    const result = {
      playwrightStatus: 'failed' as const,
      listed: 0,
      finished: 0,
      errors: ['scenarios/x.spec.ts:2: Error: Cannot find module'],
      problems: ['error outside any scenario: scenarios/x.spec.ts:2: Error: Cannot find module'],
    };
    await writeReports(makeSummary([], { status: 'infrastructure_error', result }), dir, { html: false });
    const cases = findAll(parseXml(await readFile(join(dir, 'junit.xml'), 'utf8')), 'testcase');
    expect(cases.map((c) => [c.attrs.classname, c.attrs.name])).toEqual([['goldpath', 'the run itself']]);
    expect(findAll(cases[0]!, 'error')[0]?.attrs.message).toBe(
      'goldpath could not do its job: error outside any scenario: scenarios/x.spec.ts:2: Error: Cannot find module',
    );
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain(
      '### goldpath could not do its job\n\n- error outside any scenario: scenarios/x.spec.ts:2: Error: Cannot find module\n',
    );

    await writeReports(
      makeSummary([makeScenario()], {
        result: { ...result, playwrightStatus: 'passed', listed: 1, finished: 1, errors: [], problems: [] },
      }),
      dir,
      { html: false },
    );
    expect(
      findAll(parseXml(await readFile(join(dir, 'junit.xml'), 'utf8')), 'testcase').map((c) => c.attrs.name),
    ).toEqual(['golden path']);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).not.toContain('could not do its job');
  });

  it('keeps writing the other reports when one writer fails', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const broken = { ...makeSummary(), runId: 42 } as unknown as Summary;
    const files = await writeReports(broken, dir, { html: false, onError: (message) => log(message, 'error') });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['junit.xml', 'summary.md']);
    expect(String(stderr.mock.calls[0]?.[0])).toContain('goldpath: could not write summary.json');
    stderr.mockRestore();
  });

  it('throws the failed reports after writing the others when no one is told', async () => {
    const broken = { ...makeSummary(), runId: 42 } as unknown as Summary;
    await expect(writeReports(broken, dir, { html: false })).rejects.toThrow(/^could not write summary\.json in /);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toContain('goldpath');
  });

  it('does not overwrite unrelated files in the report folder', async () => {
    await writeFile(join(dir, 'keep.txt'), 'x');
    await writeReports(makeSummary(), dir, { html: false });
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('x');
  });
});

describe('formatSummaryTable', () => {
  it('prints one row per scenario and a total', () => {
    const table = formatSummaryTable(failedSummary());
    expect(table.split('\n')).toEqual([
      'scenario                     status  users  runs  events  findings  p95 engine creation',
      '───────────────────────────  ──────  ─────  ────  ──────  ────────  ───────────────────',
      'protocol › golden path       passed      4    20     120         0              15.0 ms',
      'protocol › concurrent users  failed      4    20     120         1              15.0 ms',
      '───────────────────────────  ──────  ─────  ────  ──────  ────────  ───────────────────',
      'total                        failed           40     240         1',
    ]);
  });
});
