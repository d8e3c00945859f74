import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { Summary } from '../../contracts/Summary.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { mergeSummaries, type MergeResult } from './mergeSummaries.ts';

/**
 * Reads `<dir>/summary.json` of each shard, merges them, and copies every history they name into
 * `<outDir>/histories/` (a clashing name gets a `shard<i>-` prefix), rewriting the paths in the merged summary.
 * @example const { summary } = await mergeReportDirs(['reports/shard-1', 'reports/shard-2'], 'reports/merged')
 */
export async function mergeReportDirs(dirs: readonly string[], outDir: string): Promise<MergeResult> {
  const shards: Summary[] = [];
  for (const dir of dirs) {
    const file = join(dir, 'summary.json');
    if (!existsSync(file))
      throw new UsageError(
        'GOLDPATH_MERGE_NO_SUMMARY',
        `no summary.json in ${dir}: pass the report directories (--out) of the shard runs.`,
      );
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new UsageError('GOLDPATH_MERGE_BAD_SUMMARY', `${file} is not JSON: ${(error as Error).message}`);
    }
    const parsed = Summary.safeParse(json);
    if (!parsed.success)
      throw new UsageError(
        'GOLDPATH_MERGE_BAD_SUMMARY',
        `${file} is not a goldpath summary:\n${z.prettifyError(parsed.error)}`,
      );
    shards.push(parsed.data);
  }
  const copied = new Set<string>();
  const out = resolve(outDir);
  await mkdir(join(out, 'histories'), { recursive: true });
  for (const [index, shard] of shards.entries()) {
    const dir = resolve(dirs[index] as string);
    for (const scenario of shard.scenarios) {
      const histories: string[] = [];
      for (const history of scenario.histories) {
        const source = resolve(dir, history);
        let name = basename(history);
        if (copied.has(name)) name = `shard${index + 1}-${name}`;
        copied.add(name);
        const target = join(out, 'histories', name);
        if (existsSync(source) && source !== target) {
          await mkdir(dirname(target), { recursive: true });
          await copyFile(source, target);
        }
        histories.push(`histories/${name}`);
      }
      scenario.histories = histories;
    }
  }
  return mergeSummaries(shards);
}
