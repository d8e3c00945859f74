import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { chromiumForTests } from '../runner/browser/chromiumForTests.testkit.ts';
import { launchChromium } from './testing/launchChromium.ts';
import { goldenRun, writeHistory } from './testing/makeHistory.ts';
import { makeFinding, makeScenario, makeSummary } from './testing/makeSummary.ts';
import { writeHtmlReport } from './writeHtmlReport.ts';

let dir: string;
let browser: Browser;
// without a Chromium these render checks skip saying why (CI=true makes that a failure); the file checks still run
const chromiumReady = await chromiumForTests();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-html-'));
  if (chromiumReady) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

function leakySummary() {
  const leak = makeFinding('isolation.foreign_canary', {
    user: 'u-2',
    related: { user: 'u-1' },
    runId: 'r-1',
    message:
      'foreign canary on the socket of u-2: expected only canaries of u-2, received GPC-0123456789abcdef of u-1 in run r-1 at frame 9',
  });
  return makeSummary(
    [
      makeScenario({
        name: 'concurrent users',
        status: 'failed',
        findingsByCode: { 'isolation.foreign_canary': 1 },
        findings: [leak],
        histories: ['histories/concurrent-users.jsonl'],
      }),
    ],
    { runId: 'run-html' },
  );
}

describe('writeHtmlReport', () => {
  it.skipIf(!chromiumReady)(
    'shows the verdict, a finding, a swimlane and the isolation matrix in headless Chromium',
    async () => {
      await writeHistory(join(dir, 'histories/concurrent-users.jsonl'), [
        ...goldenRun('u-1', 'r-1', 0),
        ...goldenRun('u-2', 'r-2', 5),
        { user: 'u-2', run: 'r-1', type: 'agent_thinking', at: 12, userId: 'u-1' },
      ]);
      const summary = leakySummary();
      const verdict = compareWithBaseline(
        buildBaseline([makeSummary([makeScenario({ name: 'concurrent users' })])]),
        summary,
        {},
        { step: 'step-3' },
      );
      const file = await writeHtmlReport(summary, dir, { verdict });

      const html = await readFile(file, 'utf8');
      expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      await expect(page.getByRole('status', { name: 'Verdict' }).textContent()).resolves.toContain('BROKEN');
      await expect(page.getByRole('status', { name: 'Verdict' }).textContent()).resolves.toContain('at step step-3');
      await expect(
        page
          .getByRole('table', { name: 'Reasons for BROKEN' })
          .getByRole('cell', { name: 'isolation.foreign_canary findings' })
          .count(),
      ).resolves.toBe(1);
      await expect(page.getByRole('list', { name: 'Findings', exact: true }).textContent()).resolves.toContain(
        'foreign canary on the socket of u-2',
      );
      const swimlane = page.getByRole('img', {
        name: 'Timeline of concurrent users: events by user and run from histories/concurrent-users.jsonl',
      });
      await expect(swimlane.count()).resolves.toBe(1);
      await expect(swimlane.locator('circle').count()).resolves.toBe(10);
      await expect(swimlane.locator('rect.leak').count()).resolves.toBe(1);
      const matrix = page.getByRole('table', { name: /Isolation matrix of concurrent users/ });
      await expect(matrix.locator('td.leak').getAttribute('aria-label')).resolves.toBe('1 leak from u-1 to u-2');
      await expect(page.getByRole('img', { name: 'Latency percentiles of concurrent users' }).count()).resolves.toBe(1);
      await expect(
        page.getByRole('link', { name: 'histories/concurrent-users.jsonl' }).getAttribute('href'),
      ).resolves.toBe('histories/concurrent-users.jsonl');
      await page.screenshot({ path: join(dir, 'index.png'), fullPage: true });
      expect((await stat(join(dir, 'index.png'))).size).toBeGreaterThan(1000);
      await page.close();
    },
    30_000,
  );

  it.skipIf(!chromiumReady)(
    "opens with what failed and why: the failing scenario's findings beside the swimlane of its first failing run",
    async () => {
      await writeHistory(join(dir, 'histories/concurrent-users.jsonl'), [
        ...goldenRun('u-1', 'r-1', 0),
        ...goldenRun('u-2', 'r-2', 5),
        ...goldenRun('u-3', 'r-3', 9),
        { user: 'u-2', run: 'r-1', type: 'agent_thinking', at: 12, userId: 'u-1' },
      ]);
      const passing = makeScenario({ name: 'golden path', histories: [] });
      const summary = makeSummary([passing, ...leakySummary().scenarios], { runId: 'run-why' });
      const file = await writeHtmlReport(summary, dir);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href);
      const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
      expect(headings.slice(0, 2)).toEqual(['What failed and why', 'Scenarios']);
      const card = page.getByRole('region', { name: 'Failure of concurrent users' });
      await expect(card.getByRole('list', { name: 'Findings of concurrent users' }).textContent()).resolves.toContain(
        '[1/1] isolation.foreign_canary ×1user u-2 › run r-1 › frame 7foreign canary on the socket of u-2',
      );
      const lane = card.getByRole('img', { name: 'First failing run of concurrent users: r-1' });
      // run r-1 on both sockets it reached: u-1's own five events and the leaked one on u-2's; u-3's run is not drawn
      await expect(
        lane.locator('g.lane').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-user'))),
      ).resolves.toEqual(['u-1', 'u-2']);
      await expect(lane.locator('rect.leak').count()).resolves.toBe(1);
      await expect(page.getByRole('region', { name: 'Failure of golden path' }).count()).resolves.toBe(0);
      await page.close();
    },
    30_000,
  );

  it('says why goldpath could not do its job, and a failing scenario without findings shows its error', async () => {
    const notRun = makeScenario({
      name: 'slow one',
      status: 'interrupted',
      runs: 0,
      findingsByCode: {},
      findings: [],
      histories: [],
      error: "did not run: Playwright's global timeout ended the run before it started",
    });
    const summary = makeSummary([notRun], {
      status: 'infrastructure_error',
      result: {
        playwrightStatus: 'timedout',
        listed: 1,
        finished: 0,
        errors: [],
        problems: ['1 of 1 listed scenarios did not run (first: "slow one")'],
      },
    });
    const html = await readFile(await writeHtmlReport(summary, dir), 'utf8');
    expect(html).toContain(
      '<section class="problems" aria-label="Why goldpath could not do its job"><h3>goldpath could not do its job</h3><ul><li>1 of 1 listed scenarios did not run (first: &quot;slow one&quot;)</li></ul>',
    );
    expect(html).toContain(
      '<pre class="error" aria-label="Error of slow one">did not run: Playwright&#39;s global timeout ended the run before it started</pre>',
    );
    expect(html).toContain('No run to draw: no finding names a run.');
  });

  it.skipIf(!chromiumReady)(
    'draws run shapes as a ranked distribution: the top five with share bars, the rest folded and bounded',
    async () => {
      const shapes = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`S T ${'X:t C:t '.repeat(i + 1)}D`, 100 - i]),
      );
      const summary = makeSummary([makeScenario({ name: 'many shapes', shapes, histories: [] })]);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(await writeHtmlReport(summary, dir)).href);
      const top = page.getByRole('table', { name: /^Run shapes of many shapes: 40 over 3220 runs$/ });
      await expect(top.locator('tbody tr').count()).resolves.toBe(5);
      await expect(top.locator('tbody tr').first().textContent()).resolves.toBe('1S T X:t C:t D1003.1%');
      await expect(page.getByRole('link', { name: '40 shapes · top 3.1%' }).count()).resolves.toBe(1);
      const rest = page.locator('details.shapes-rest');
      await expect(rest.locator('summary').textContent()).resolves.toBe('35 more shapes: 2730 runs, 85%');
      await expect(
        page.getByRole('table', { name: 'Less common run shapes of many shapes' }).isVisible(),
      ).resolves.toBe(false);
      await rest.locator('summary').click();
      await expect(
        page.getByRole('table', { name: 'Less common run shapes of many shapes' }).locator('tbody tr').count(),
      ).resolves.toBe(25);
      await expect(rest.textContent()).resolves.toContain('and 10 more shapes in summary.json.');
      await page.close();
    },
    30_000,
  );

  it('stays one bounded file however many scenarios, shapes and findings a run has', async () => {
    const finding = (i: number) =>
      makeFinding('order.completed_before_started', {
        message: `agent_completed before agent_started in run r-${i}: expected agent_started first, received agent_completed at frame ${i}`,
        runId: `r-${i}`,
        frameIndex: i,
      });
    const scenarios = Array.from({ length: 200 }, (_, s) =>
      makeScenario({
        name: `scenario ${s}`,
        status: 'failed',
        histories: [],
        shapes: Object.fromEntries(
          Array.from({ length: 300 }, (_, i) => [`S T ${'X:t C:t '.repeat(i % 30)}D #${i}`, 300 - i]),
        ),
        findingsByCode: { 'order.completed_before_started': 100 },
        findings: Array.from({ length: 100 }, (_, i) => finding(i)),
      }),
    );
    const html = await readFile(await writeHtmlReport(makeSummary(scenarios), dir), 'utf8');
    expect(html.length).toBeLessThan(1_000_000);
    expect(html.match(/<section class="failure"/g)).toHaveLength(10);
    expect(html).toContain('190 more failing scenarios are in the table below.');
    expect(html).toContain('Showing the first 200 of 20000 findings; summary.json has them all.');
  });

  it('shows passed or failed without a verdict and survives a missing history', async () => {
    const summary = makeSummary([makeScenario({ histories: ['histories/missing.jsonl'] })]);
    const html = await readFile(await writeHtmlReport(summary, dir), 'utf8');
    expect(html).toContain('<p class="verdict">PASSED</p>');
    expect(html).toContain('cannot read histories/missing.jsonl: ENOENT');
  });
});
