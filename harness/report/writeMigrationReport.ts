import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import { reportFailures, writeFailure } from './reportFailures.ts';
import { formatMigrationMarkdown } from './formatMigrationMarkdown.ts';
import { renderMigrationHtml } from './renderMigrationHtml.ts';

/**
 * Writes migration.json (validated), migration.md and migration.html into `outDir`; each writer isolated: one that
 * fails is reported to `onError` (without it, this throws after writing the rest).
 * @example await writeMigrationReport(timeline, 'reports/migrate-seed-migration', { onError: (message) => log(message, 'error') })
 */
export async function writeMigrationReport(
  timeline: MigrationTimeline,
  outDir: string,
  options: { onError?: (message: string) => void } = {},
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const writers: [string, () => string][] = [
    ['migration.json', () => `${JSON.stringify(MigrationTimeline.parse(timeline), null, 2)}\n`],
    ['migration.md', () => formatMigrationMarkdown(timeline)],
    ['migration.html', () => renderMigrationHtml(timeline)],
  ];
  const written: string[] = [];
  const failures: string[] = [];
  for (const [name, render] of writers) {
    try {
      const file = join(outDir, name);
      await writeFile(file, render(), 'utf8');
      written.push(file);
    } catch (error) {
      failures.push(writeFailure(name, outDir, error));
    }
  }
  reportFailures(failures, options.onError);
  return written;
}
