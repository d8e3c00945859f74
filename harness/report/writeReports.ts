import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { buildJunitXml } from './buildJunitXml.ts';
import { formatSummaryMarkdown } from './formatSummaryMarkdown.ts';
import { reportFailures, writeFailure } from './reportFailures.ts';
import { writeHtmlReport } from './writeHtmlReport.ts';

export interface WriteReportsOptions {
  html?: boolean;
  junit?: boolean;
  verdict?: Verdict;
  /** Told about each report that could not be written (the others are still written); without it, writeReports throws after writing the rest. */
  onError?: (message: string) => void;
}

/**
 * Writes every report of one run into `outDir`: summary.json (validated), verdict.json (with a verdict), junit.xml,
 * summary.md and index.html. Each writer is isolated: one that fails is reported to `onError` and the others still run.
 * @returns the files written
 * @example await writeReports(summary, 'reports/run-1', { verdict, onError: (message) => log(message, 'error') })
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
  const failures: string[] = [];
  for (const [name, run] of writers) {
    try {
      written.push(await run());
    } catch (error) {
      failures.push(writeFailure(name, outDir, error));
    }
  }
  reportFailures(failures, options.onError);
  return written;
}

async function write(dir: string, name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content, 'utf8');
  return file;
}
