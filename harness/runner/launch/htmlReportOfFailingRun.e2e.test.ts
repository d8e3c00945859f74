import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../../report/testing/launchChromium.ts';
import { chromiumForTests } from '../browser/chromiumForTests.testkit.ts';
import { runSuite } from './runSuite.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// kept after the test (reports/ is not committed): open index.html or look at failing-run.png
const OUT = join(ROOT, 'reports', 'html-report-of-a-failing-run');

// the screenshot needs a Chromium: without one it skips saying why (CI=true makes that a failure)
const chromiumReady = await chromiumForTests();

describe('the HTML report of a failing run', () => {
  it.skipIf(!chromiumReady)(
    'opens with the failing scenario, its findings and the swimlane of its first failing run; screenshot kept',
    async () => {
      rmSync(OUT, { recursive: true, force: true });
      const result = await runSuite({
        project: ['protocol'],
        scenario: 'golden path for one user|concurrent users each get',
        users: 3,
        defects: ['foreign-user-id'],
        outDir: OUT,
        quiet: true,
        maxDurationMs: 120_000,
      });
      expect(result.exitCode).toBe(1);
      const file = join(OUT, 'index.html');
      const html = readFileSync(file, 'utf8');
      expect(html).not.toMatch(/<script|<link|<img|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
      expect(html.length).toBeLessThan(1_000_000);

      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(file).href);
        await expect(page.getByRole('status', { name: 'Result' }).textContent()).resolves.toMatch(
          /^FAILED1 of 2 scenarios passed/,
        );
        await expect(page.getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe(
          'What failed and why',
        );
        const cards = page.locator('section.failure');
        await expect(cards.count()).resolves.toBe(1);
        const card = page.getByRole('region', {
          name: 'Failure of concurrent users each get only their own runs, in order',
        });
        // most serious first: the leak, with its count and an example naming user, run and frame
        await expect(
          card
            .getByRole('list', { name: /^Findings of / })
            .locator('li')
            .first()
            .textContent(),
        ).resolves.toMatch(
          /^\[1\/2\] isolation\.foreign_user_id ×9user gp[0-9a-f]{6}-u000\d › run \S+ › frame \d+foreign user_id in /,
        );
        const lane = card.getByRole('img', {
          name: /^First failing run of concurrent users each get only their own runs, in order: /,
        });
        await expect(lane.locator('g.lane').count()).resolves.toBeGreaterThan(0);
        await expect(lane.locator('rect.leak').count()).resolves.toBeGreaterThan(0);
        // the card's two columns sit side by side: the swimlane is beside the findings, not below them
        const [why, figure] = await Promise.all([
          card.locator('.why').boundingBox(),
          card.locator('figure').boundingBox(),
        ]);
        expect(figure!.x).toBeGreaterThan(why!.x + why!.width - 1);
        expect(figure!.y).toBeLessThan(why!.y + 40);
        await page.screenshot({ path: join(OUT, 'failing-run.png') });
        await page.screenshot({ path: join(OUT, 'failing-run-full.png'), fullPage: true });
      } finally {
        await browser.close();
      }
      expect(existsSync(join(OUT, 'failing-run.png'))).toBe(true);
      expect(statSync(join(OUT, 'failing-run.png')).size).toBeGreaterThan(20_000);
    },
    150_000,
  );
});
