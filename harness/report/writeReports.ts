import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Summary } from '../../contracts/Summary.ts';
import { log } from '../common/log.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { buildJunitXml } from './buildJunitXml.ts';
import { formatSummaryMarkdown } from './formatSummaryMarkdown.ts';
import { writeHtmlReport } from './writeHtmlReport.ts';

export interface WriteReportsOptions {
  html?: boolean;
  junit?: boolean;
  verdict?: Verdict;
}

/**
 * Writes every report of one run into `outDir`: summary.json (validated), verdict.json (with a verdict), junit.xml,
 * summary.md and index.html. Each writer is isolated: one that fails is logged and the others still run.
 * @returns the files written
 * @example await writeReports(summary, 'reports/run-1', { verdict })
 */
export async function writeReports(
  summary: Summary,
  outDir: string,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const writers: [string, () => Promise<string>][] = [
    [
      'summary.json',
      async () => {
        const parsed = Summary.safeParse(summary);
        if (!parsed.success)
          throw new Error(`the summary does not match its schema:\n${z.prettifyError(parsed.error)}`);
        return write(outDir, 'summary.json', `${JSON.stringify(parsed.data, null, 2)}\n`);
      },
    ],
  ];
  const verdict = options.verdict;
  if (verdict)
    writers.push(['verdict.json', () => write(outDir, 'verdict.json', `${JSON.stringify(verdict, null, 2)}\n`)]);
  if (options.junit !== false)
    writers.push(['junit.xml', () => write(outDir, 'junit.xml', buildJunitXml(summary, verdict))]);
  writers.push(['summary.md', () => write(outDir, 'summary.md', formatSummaryMarkdown(summary, verdict))]);
  if (options.html !== false)
    writers.push(['index.html', () => writeHtmlReport(summary, outDir, verdict ? { verdict } : {})]);

  const written: string[] = [];
  for (const [name, run] of writers) {
    try {
      written.push(await run());
    } catch (error) {
      log(`could not write ${name} in ${outDir}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  }
  return written;
}

async function write(dir: string, name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content, 'utf8');
  return file;
}
