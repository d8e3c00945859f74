import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ImportCensus, type ImportExpect, type ImportGate } from '../../contracts/ImportCensus.ts';
import type { MigrationPlan, PlanPoint } from '../../contracts/MigrationPlan.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { GoldpathError, UsageError } from '../common/GoldpathError.ts';
import type { GoldpathConfig } from '../config/index.ts';
import { evaluateImportExpect, unknownExpectCategories } from '../imports/evaluateImportExpect.ts';
import { formatCensusMarkdown } from '../imports/formatCensusMarkdown.ts';
import { resolveCensusOptions, type CensusSettings } from '../imports/resolveCensusOptions.ts';
import { censusOfSource, prepareCensusSource, type CensusSource } from './censusOfSource.ts';

/** A point's import gate, checked before anything runs. */
export interface PreparedImportGate {
  source: CensusSource;
  label: string;
  settings: CensusSettings;
  expect: ImportExpect;
}

async function isDir(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

async function prepareOne(
  plan: MigrationPlan,
  point: PlanPoint,
  planFile: string,
  config: GoldpathConfig,
): Promise<PreparedImportGate | undefined> {
  const imports = point.imports;
  if (!imports) return undefined;
  const where = `${point.name}: imports`;
  const settings = resolveCensusOptions(config.imports, plan.imports);
  const expect = imports.expect ?? {};
  const unknown = unknownExpectCategories(expect, settings.categories);
  if (unknown.length > 0)
    throw new UsageError(
      'GOLDPATH_PLAN_INVALID',
      `${where}.expect names no category: ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${settings.categories.map((c) => c.name).join(', ')}). Check the spelling, or add it to the plan's "imports.categories".`,
    );
  const planDir = dirname(resolve(planFile));
  const repo = imports.repo ?? plan.imports?.repo;
  const sub = imports.path ?? '';
  const label = `${imports.source}${sub !== '' ? `:${sub}` : ''}`;
  const asDir = resolve(planDir, imports.source, sub);
  if (repo === undefined && (await isDir(asDir)))
    return { source: await prepareCensusSource(asDir), label: imports.source, settings, expect };
  const inRepo = resolve(repo === undefined ? process.cwd() : resolve(planDir, repo), sub);
  try {
    return { source: await prepareCensusSource(inRepo, imports.source), label, settings, expect };
  } catch (error) {
    if (
      !(error instanceof UsageError) ||
      (error.code !== 'GOLDPATH_IMPORTS_BAD_REF' && error.code !== 'GOLDPATH_IMPORTS_NOT_GIT')
    )
      throw error;
    const asFolder = repo === undefined ? `neither a folder (${asDir} does not exist) nor` : 'not';
    throw new UsageError(error.code, `${where}.source "${imports.source}" is ${asFolder} a git ref: ${error.message}`, {
      cause: error,
    });
  }
}

/**
 * Checks every point's `imports` before the migration starts: known categories in `expect`, an existing folder or a
 * git ref that names a commit. A failure is a UsageError (exit 2), so nothing is run on a plan that cannot be gated.
 */
export async function prepareImportGates(
  plan: MigrationPlan,
  planFile: string,
  config: GoldpathConfig,
): Promise<Map<string, PreparedImportGate>> {
  const out = new Map<string, PreparedImportGate>();
  for (const point of [plan.baseline, ...plan.steps]) {
    const prepared = await prepareOne(plan, point, planFile, config);
    if (prepared) out.set(point.name, prepared);
  }
  return out;
}

/** A gate that ran, or an ERROR gate with the exit code its failure maps to (2 bad source, 3 git or parser). */
export interface ImportGateRun {
  gate: ImportGate;
  exitCode?: ExitCode;
}

/**
 * Runs one point's census (at its folder, or in a temporary git worktree of its ref), writes imports.json and
 * imports.md under `<outDir>/imports/<point>/` and checks the expectations. A census that fails, or that finds no
 * Python file at all (nothing would be checked), is an ERROR gate.
 */
export async function runImportGate(
  gate: PreparedImportGate,
  outDir: string,
  pointName: string,
): Promise<ImportGateRun> {
  const dir = join(outDir, 'imports', pointName);
  try {
    const census = ImportCensus.parse(await censusOfSource(gate.source, gate.settings, gate.label));
    if (census.files.total === 0)
      throw new UsageError(
        'GOLDPATH_IMPORTS_NO_PYTHON',
        `no Python files in ${gate.label} (after excluding ${gate.settings.exclude.join(', ')}), so its expectations cannot be checked. Is "source" (or "path") the root of the Python tree?`,
      );
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'imports.json'), `${JSON.stringify(census, null, 2)}\n`, 'utf8');
    await writeFile(join(dir, 'imports.md'), formatCensusMarkdown(census), 'utf8');
    return {
      gate: {
        ...evaluateImportExpect(census, gate.expect),
        reports: ['imports.json', 'imports.md'].map((f) => relative(outDir, join(dir, f))),
      },
    };
  } catch (error) {
    const why =
      error instanceof GoldpathError
        ? `${error.message} [${error.code}]`
        : error instanceof Error
          ? error.message
          : String(error);
    return {
      gate: {
        source: gate.label,
        status: 'ERROR',
        message: `the import census of ${gate.label} failed: ${why}`,
        checks: [],
        counts: [],
        reports: [],
      },
      exitCode: error instanceof GoldpathError ? error.exitCode : ExitCode.Infrastructure,
    };
  }
}
