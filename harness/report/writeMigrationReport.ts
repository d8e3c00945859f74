import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import { log } from '../common/log.ts';
import { formatMigrationMarkdown } from './formatMigrationMarkdown.ts';
import { renderMigrationHtml } from './renderMigrationHtml.ts';

/**
 * Writes migration.json (validated), migration.md and migration.html into `outDir`; each writer isolated.
 * @example await writeMigrationReport(timeline, 'reports/migrate-seed-migration')
 */
export async function writeMigrationReport(timeline: MigrationTimeline, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const writers: [string, () => string][] = [
    ['migration.json', () => `${JSON.stringify(MigrationTimeline.parse(timeline), null, 2)}\n`],
    ['migration.md', () => formatMigrationMarkdown(timeline)],
    ['migration.html', () => renderMigrationHtml(timeline)],
  ];
  const written: string[] = [];
  for (const [name, render] of writers) {
    try {
      const file = join(outDir, name);
      await writeFile(file, render(), 'utf8');
      written.push(file);
    } catch (error) {
      log(`could not write ${name} in ${outDir}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }
  return written;
}
