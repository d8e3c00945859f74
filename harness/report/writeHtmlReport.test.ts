import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { launchChromium } from './testing/launchChromium.ts';
import { goldenRun, writeHistory } from './testing/makeHistory.ts';
import { makeFinding, makeScenario, makeSummary } from './testing/makeSummary.ts';
import { writeHtmlReport } from './writeHtmlReport.ts';

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-html-'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

function leakySummary() {
  const leak = makeFinding('isolation.foreign_canary', { user: 'u-2', related: { user: 'u-1' }, runId: 'r-1', message: 'foreign canary on the socket of u-2: expected only canaries of u-2, received GPC-0123456789abcdef of u-1 in run r-1 at frame 9' });
  return makeSummary([
    makeScenario({ name: 'concurrent users', status: 'failed', findingsByCode: { 'isolation.foreign_canary': 1 }, findings: [leak], histories: ['histories/concurrent-users.jsonl'] }),
  ], { runId: 'run-html' });
}

describe('writeHtmlReport', () => {
  it('shows the verdict, a finding, a swimlane and the isolation matrix in headless Chromium', async () => {
    await writeHistory(join(dir, 'histories/concurrent-users.jsonl'), [
      ...goldenRun('u-1', 'r-1', 0),
      ...goldenRun('u-2', 'r-2', 5),
      { user: 'u-2', run: 'r-1', type: 'agent_thinking', at: 12, userId: 'u-1' },
    ]);
    const summary = leakySummary();
    const verdict = compareWithBaseline(buildBaseline([makeSummary([makeScenario({ name: 'concurrent users' })])]), summary, {}, { step: 'step-3' });
    const file = await writeHtmlReport(summary, dir, { verdict });

    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await expect(page.getByRole('status', { name: 'Verdict' }).textContent()).resolves.toContain('BROKEN');
    await expect(page.getByRole('status', { name: 'Verdict' }).textContent()).resolves.toContain('at step step-3');
    await expect(page.getByRole('table', { name: 'Reasons for BROKEN' }).getByRole('cell', { name: 'isolation.foreign_canary findings' }).count()).resolves.toBe(1);
    await expect(page.getByRole('list', { name: 'Findings' }).textContent()).resolves.toContain('foreign canary on the socket of u-2');
    const swimlane = page.getByRole('img', { name: 'Timeline of concurrent users: events by user and run from histories/concurrent-users.jsonl' });
    await expect(swimlane.count()).resolves.toBe(1);
    await expect(swimlane.locator('circle').count()).resolves.toBe(10);
    await expect(swimlane.locator('rect.leak').count()).resolves.toBe(1);
    const matrix = page.getByRole('table', { name: /Isolation matrix of concurrent users/ });
    await expect(matrix.locator('td.leak').getAttribute('aria-label')).resolves.toBe('1 leak from u-1 to u-2');
    await expect(page.getByRole('img', { name: 'Latency percentiles of concurrent users' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'histories/concurrent-users.jsonl' }).getAttribute('href')).resolves.toBe('histories/concurrent-users.jsonl');
    await page.screenshot({ path: join(dir, 'index.png'), fullPage: true });
    expect((await stat(join(dir, 'index.png'))).size).toBeGreaterThan(1000);
    await page.close();
  }, 30_000);

  it('shows passed or failed without a verdict and survives a missing history', async () => {
    const summary = makeSummary([makeScenario({ histories: ['histories/missing.jsonl'] })]);
    const html = await readFile(await writeHtmlReport(summary, dir), 'utf8');
    expect(html).toContain('<p class="verdict">PASSED</p>');
    expect(html).toContain('cannot read histories/missing.jsonl: ENOENT');
  });
});
