import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { ImportCensus, ImportCensusDiff } from '../../contracts/ImportCensus.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig } from '../config/index.ts';
import { diffCensus } from '../imports/diffCensus.ts';
import { formatCensusDiff, formatCensusDiffMarkdown } from '../imports/formatCensusDiff.ts';
import { formatCensusMarkdown } from '../imports/formatCensusMarkdown.ts';
import { formatCensusTable } from '../imports/formatCensusTable.ts';
import { resolveCensusOptions } from '../imports/resolveCensusOptions.ts';
import { wholeNumber } from '../config/optionParsers.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { censusOfSource, prepareCensusSource } from './censusOfSource.ts';

export interface ImportsOptions {
  /** The Python source tree (default: the current folder). */
  dir?: string;
  /** Read `dir` as it is at this git ref. */
  ref?: string;
  /** Compare two refs: the files that moved between categories. */
  diff?: [string, string];
  /** Write imports.json + imports.md (or imports-diff.json + imports-diff.md) here. */
  out?: string;
  /** A goldpath config whose `imports` key sets categories, test paths, exclusions and critical files. */
  configFile?: string;
  /** Files listed per category on the console (all of them are in the json). */
  maxFiles?: number;
}

async function writeOut(outDir: string, files: [string, string][]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of files) await writeFile(join(outDir, name), text, 'utf8');
  log(`wrote ${files.map(([n]) => relative(process.cwd(), join(outDir, n)) || n).join(', ')}`);
}

/**
 * `goldpath imports [dir]`: the import census of a Python tree, per category production and test files and sites;
 * with `diff`, the files that moved between categories from one ref to another.
 * @returns 0 (a census is a report; gates live in migration plans), 2 bad folder, ref or config
 * @example await runImports({ dir: '../backend', out: 'reports/imports' })
 */
export async function runImports(options: ImportsOptions): Promise<number> {
  const config = await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {});
  const settings = resolveCensusOptions(config.imports);
  const dir = options.dir ?? '.';
  const maxFiles = options.maxFiles ?? 10;
  if (options.diff) {
    const [a, b] = options.diff;
    const sourceA = await prepareCensusSource(dir, a);
    const sourceB = await prepareCensusSource(dir, b);
    const diff = ImportCensusDiff.parse(
      diffCensus(await censusOfSource(sourceA, settings), await censusOfSource(sourceB, settings)),
    );
    for (const line of formatCensusDiff(diff, maxFiles).split('\n')) log(line);
    if (options.out !== undefined)
      await writeOut(resolve(options.out), [
        ['imports-diff.json', `${JSON.stringify(diff, null, 2)}\n`],
        ['imports-diff.md', formatCensusDiffMarkdown(diff)],
      ]);
    return ExitCode.Pass;
  }
  const census = ImportCensus.parse(await censusOfSource(await prepareCensusSource(dir, options.ref), settings));
  if (census.files.total === 0) {
    log(
      `no Python files in ${census.source} (after excluding ${settings.exclude.join(', ')}): nothing to count. Is it the root of the Python tree?`,
      'error',
    );
    return ExitCode.Usage;
  }
  for (const line of formatCensusTable(census, maxFiles).split('\n')) log(line);
  if (options.out !== undefined)
    await writeOut(resolve(options.out), [
      ['imports.json', `${JSON.stringify(census, null, 2)}\n`],
      ['imports.md', formatCensusMarkdown(census)],
    ]);
  return ExitCode.Pass;
}

/** `goldpath imports [dir] [--ref <ref>] [--diff <refA> <refB>] [--out <dir>] [--config <file>] [--max-files <n>]` */
export function registerImportsCommand(program: Command): void {
  const command = program
    .command('imports')
    .description(
      'Import census of a Python source tree: per category (canonical, compat, unified by default) the production and test files and import sites, the critical integration points, and strings or comments that only mention a module.',
    )
    .argument('[dir]', 'the Python source tree (default: the current folder)')
    .option(
      '--ref <ref>',
      'read the tree as it is at this git ref (checked out into a temporary git worktree, removed afterwards)',
    )
    .option(
      '--diff <refs...>',
      'two git refs: list the files that moved between categories from the first to the second',
    )
    .option(
      '--out <dir>',
      'write imports.json and imports.md (with --diff: imports-diff.json and imports-diff.md) into this folder',
    )
    .option('--max-files <n>', 'files listed per category on the console (all are in the json, default 10)', (text) =>
      wholeNumber({ min: 1 })(text, '--max-files'),
    );
  addOptions(command, 'imports')
    .addHelpText(
      'after',
      [
        '',
        'Categories are data: a module and the names imported from it, e.g. in goldpath.config.ts',
        "  imports: { categories: [{ name: 'compat', module: 'netra_backend.app.core.managers.execution_engine_factory', names: ['ExecutionEngineFactory'] }] }",
        'Test files by path (default): **/tests/**, **/test/**, **/test_*.py, **/*_test.py, **/conftest.py.',
        '',
        'Examples:',
        '  $ goldpath imports ../netra-backend --out reports/imports',
        '  $ goldpath imports ../netra-backend --diff main migration/step-2',
        '',
        'Exit codes: 0 census written, 2 missing folder, no Python files, not a git ref, bad config or flag, 3 git or the parser failed.',
      ].join('\n'),
    )
    .action(async (dir: string | undefined, flags: Record<string, unknown>) => {
      const shared = optionValues(flags, 'imports');
      if (shared.quiet === true) setQuiet(true);
      const options: ImportsOptions = {};
      if (typeof flags.maxFiles === 'number') options.maxFiles = flags.maxFiles;
      if (dir !== undefined) options.dir = dir;
      if (typeof flags.ref === 'string') options.ref = flags.ref;
      if (typeof flags.out === 'string') options.out = flags.out;
      if (shared.configFile !== undefined) options.configFile = shared.configFile;
      if (Array.isArray(flags.diff)) {
        if (flags.diff.length !== 2)
          throw new UsageError(
            'GOLDPATH_IMPORTS_BAD_FLAG',
            `--diff takes two git refs (before and after), received ${flags.diff.length}: e.g. --diff main step-2`,
          );
        if (options.ref !== undefined)
          throw new UsageError('GOLDPATH_IMPORTS_BAD_FLAG', 'give either --ref or --diff, not both');
        options.diff = [String(flags.diff[0]), String(flags.diff[1])];
      }
      process.exitCode = await runImports(options);
    });
}
