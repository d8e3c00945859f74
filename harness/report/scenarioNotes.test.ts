import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Summary } from '../../contracts/Summary.ts';
import { formatSummaryTable } from './formatSummaryTable.ts';
import { makeScenario, makeSummary } from './testing/makeSummary.ts';
import { findAll, parseXml } from './testing/parseXml.ts';
import { writeReports } from './writeReports.ts';

const SKIP = 'the target declares no engine limit (capabilities.engineLimit)';
const NOT_CHECKED = 'the target declares no metrics endpoint (target.metricsPath)';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-notes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function partlyCheckedSummary() {
  return makeSummary([
    makeScenario({
      name: 'golden path',
      project: 'protocol',
      notChecked: [{ check: 'resources', reason: NOT_CHECKED }],
    }),
    makeScenario({
      name: 'engine limit',
      project: 'protocol',
      status: 'skipped',
      skipReason: SKIP,
      users: 0,
      requests: 0,
      runs: 0,
      runsCompleted: 0,
      events: 0,
      frames: 0,
      latency: {},
      shapes: {},
      histories: [],
    }),
  ]);
}

describe('skipped and not-checked scenarios in every report', () => {
  it('say "skipped: <why>" and "not checked: <check>: <why>" in the console table, summary.json, summary.md, junit.xml and index.html', async () => {
    const summary = partlyCheckedSummary();
    const table = formatSummaryTable(summary).split('\n');
    expect(table[0]).toMatch(/ skipped \/ not checked$/);
    expect(table.find((l) => l.startsWith('protocol › engine limit'))).toMatch(
      new RegExp(` skipped .*  skipped: ${SKIP.replace(/[()]/g, '\\$&')}$`),
    );
    expect(table.find((l) => l.startsWith('protocol › golden path'))).toContain(
      `not checked: resources: ${NOT_CHECKED}`,
    );
    expect(table.at(-1)).toMatch(/1 skipped, 1 not fully checked$/);

    await writeReports(summary, dir);
    const json = Summary.parse(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')));
    expect(json.scenarios.map((s) => [s.status, s.skipReason, s.notChecked])).toEqual([
      ['passed', undefined, [{ check: 'resources', reason: NOT_CHECKED }]],
      ['skipped', SKIP, undefined],
    ]);

    const md = await readFile(join(dir, 'summary.md'), 'utf8');
    expect(md).toContain(`| protocol › engine limit | ⏭️ skipped | 0 | 0 | 0 (0) | 0 | 0 | - | skipped: ${SKIP} |`);
    expect(md).toContain(`| not checked: resources: ${NOT_CHECKED} |`);

    const cases = findAll(parseXml(await readFile(join(dir, 'junit.xml'), 'utf8')), 'testcase');
    const skipped = cases.find((c) => c.attrs.name === 'engine limit')!;
    expect(findAll(skipped, 'skipped').map((s) => s.attrs.message)).toEqual([`skipped: ${SKIP}`]);
    expect(
      findAll(
        cases.find((c) => c.attrs.name === 'golden path')!,
        'system-out',
      )[0]?.text,
    ).toContain(`not checked: resources: ${NOT_CHECKED}`);

    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).toContain(`<p class="note">skipped: ${SKIP}</p>`);
    expect(html).toContain(`<p class="note">not checked: resources: ${NOT_CHECKED}</p>`);
  });

  it('add no column and no note when every scenario ran and was fully checked', async () => {
    const summary = makeSummary([makeScenario({ project: 'protocol' })]);
    expect(formatSummaryTable(summary)).not.toContain('not checked');
    await writeReports(summary, dir);
    for (const file of ['summary.md', 'junit.xml', 'index.html']) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/skipped: |not checked: /);
    }
  });
});
