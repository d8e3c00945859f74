import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  IMPORT_CENSUS_FORMAT,
  type CategoryCensus,
  type ImportCensus,
  type IntegrationPoint,
} from '../../contracts/ImportCensus.ts';
import { assertFolder } from './assertFolder.ts';
import { matchesAnyGlob } from './globToRegExp.ts';
import { listPythonFiles } from './listPythonFiles.ts';
import { loadPythonParser } from './loadPythonParser.ts';
import { moduleNeedles } from './mentionsModule.ts';
import { packageOfFolder } from './packageOfFolder.ts';
import type { CensusSettings } from './resolveCensusOptions.ts';
import { scanInWorkers } from './scanInWorkers.ts';
import { mayImport, readEach, scanPythonFiles, type FileScan, type ScanContext } from './scanPythonFiles.ts';
import { tallyFile } from './tallyFile.ts';

export interface CensusInput {
  dir: string;
  settings: CensusSettings;
  /** How the source is named in the census (default: the folder). */
  source?: string;
  commit?: string;
  /** The package climb stops here (the root of a checkout). */
  packageRootLimit?: string;
  /**
   * Worker threads that parse; 1 parses on this thread. Default: the cores (at most 4) when there are at least
   * `PARALLEL_MIN_CHARS` to parse, else this thread.
   */
  threads?: number;
}

/** Below this much source to parse (about a second of parsing), starting worker threads costs more than it saves. */
export const PARALLEL_MIN_CHARS = 4_000_000;

/** Reads every file once to find those that may import a category, then parses those, on worker threads when many. */
async function scanAll(ctx: ScanContext, files: readonly string[], threads: number | undefined): Promise<FileScan[]> {
  const byFile = new Map<string, FileScan>();
  const candidates: string[] = [];
  let chars = 0;
  await readEach(ctx, files, (file, text) => {
    if (text === undefined) byFile.set(file, { file, kind: 'unreadable' });
    else if (!mayImport(ctx, file, text)) byFile.set(file, { file, kind: 'skipped' });
    else {
      candidates.push(file);
      chars += text.length;
    }
  });
  const n = threads ?? (chars >= PARALLEL_MIN_CHARS ? Math.min(availableParallelism(), 4) : 1);
  const parsed =
    n > 1 && candidates.length > 0
      ? await scanInWorkers(ctx, candidates, n)
      : await scanPythonFiles(await loadPythonParser(), ctx, candidates);
  for (const scan of parsed) byFile.set(scan.file, scan);
  return files.map((f) => byFile.get(f)!);
}

/**
 * Counts, per category, the production and test files that import its module and the import sites, in one Python tree.
 * @throws UsageError when `dir` is not a folder
 * @example const census = await runImportCensus({ dir: '../backend', settings: resolveCensusOptions() });
 */
export async function runImportCensus(input: CensusInput): Promise<ImportCensus> {
  const started = performance.now();
  const root = resolve(input.dir);
  await assertFolder(input.dir);
  const { settings } = input;
  const isTest = matchesAnyGlob(settings.testPaths);
  const files = await listPythonFiles(root, matchesAnyGlob(settings.exclude));
  const rootPkg = packageOfFolder(root, input.packageRootLimit);
  const ctx: ScanContext = {
    root,
    rootPkg,
    needles: settings.categories.flatMap((c) => moduleNeedles(c.module)),
    lastParts: settings.categories.map((c) => c.module.slice(c.module.lastIndexOf('.') + 1)),
    modules: settings.categories.map((c) => c.module),
  };
  const cats: CategoryCensus[] = settings.categories.map((c) => ({
    name: c.name,
    module: c.module,
    names: [...c.names],
    productionFiles: [],
    testFiles: [],
    sites: 0,
    productionSites: 0,
    testSites: 0,
    imports: [],
    otherImports: [],
    mentionFiles: [],
    mentions: [],
  }));
  const census: ImportCensus = {
    format: IMPORT_CENSUS_FORMAT,
    version: 1,
    source: input.source ?? input.dir,
    package: rootPkg.join('.'),
    durationMs: 0,
    files: { total: files.length, production: 0, test: 0, parsed: 0, withSyntaxErrors: [], unreadable: [] },
    testPaths: [...settings.testPaths],
    categories: cats,
    integrationPoints: [],
  };
  if (input.commit !== undefined) census.commit = input.commit;
  const categoriesOfFile = new Map<string, string[]>();
  for (const scan of await scanAll(ctx, files, input.threads)) {
    const { file } = scan;
    const test = isTest(file);
    if (test) census.files.test++;
    else census.files.production++;
    if (scan.kind === 'unreadable') census.files.unreadable.push(file);
    if (scan.kind !== 'parsed') {
      categoriesOfFile.set(file, []);
      continue;
    }
    census.files.parsed++;
    if (scan.read.hasSyntaxError) census.files.withSyntaxErrors.push(file);
    categoriesOfFile.set(file, tallyFile(file, test, scan.read, settings.categories, cats));
  }
  census.integrationPoints = settings.criticalFiles.map((path): IntegrationPoint => {
    const file = files.find((f) => [f, [...rootPkg, f].join('/')].some((p) => p === path || p.endsWith(`/${path}`)));
    return file === undefined ? { path, categories: [] } : { path, file, categories: categoriesOfFile.get(file) ?? [] };
  });
  census.durationMs = Math.round(performance.now() - started);
  return census;
}
