import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Summary } from '../../contracts/index.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { log } from '../common/log.ts';
import { loadConfig, mergeConfig, parseConfig, type GoldpathConfig } from '../config/index.ts';
import { configOverrides } from './configOverrides.ts';
import { redactConfig } from './resolveRunConfig.ts';
import { makeRunId } from './runIdentity.ts';
import { USAGE_MARKER } from './usageMarker.ts';

export interface RunSuiteOptions {
  /** A resolved config; when absent it is loaded from `configFile` or goldpath.config.* in `cwd`. */
  config?: GoldpathConfig;
  configFile?: string;
  cwd?: string;
  /** 'embedded' or a ws(s):// URL. */
  target?: string;
  /** Glob (`*`, `?`) or regex source matched against scenario titles and file names. */
  scenario?: string;
  users?: number;
  /** The run's report directory (default `<reports.outDir>/<runId>`). */
  outDir?: string;
  runId?: string;
  project?: string[];
  repeatEach?: number;
  workers?: number;
  /** `i/n` */
  shard?: string;
  defects?: string[];
  factoryPath?: string;
  secret?: string;
  /** Placement mode of the contract check (config `contract`). */
  contract?: 'lenient' | 'strict';
  /** No console output from Playwright or the reporter (errors still go to stderr). */
  quiet?: boolean;
  /** Hard ceiling of the whole run; default 15 min. */
  timeoutMs?: number;
  /** Passed to `playwright test` as is. */
  extraArgs?: string[];
}

export interface RunSuiteResult {
  exitCode: 0 | 1 | 2 | 3;
  summary?: Summary;
  outDir: string;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Runs the scenario suite through Playwright Test and returns the exit code and summary.json of the run.
 * Bad options or config throw a UsageError before anything starts.
 * @example const { exitCode, summary } = await runSuite({ users: 5, scenario: 'golden*', quiet: true })
 */
export async function runSuite(options: RunSuiteOptions = {}): Promise<RunSuiteResult> {
  const cwd = options.cwd ?? process.cwd();
  const overrides = configOverrides({
    ...(options.target !== undefined && { target: options.target }),
    ...(options.users !== undefined && { users: options.users }),
    ...(options.scenario !== undefined && { scenario: options.scenario }),
    ...(options.defects !== undefined && { defects: options.defects }),
    ...(options.factoryPath !== undefined && { factoryPath: options.factoryPath }),
    ...(options.secret !== undefined && { secret: options.secret }),
    ...(options.project !== undefined && { project: options.project }),
    ...(options.contract !== undefined && { contract: options.contract }),
  }) as Record<string, unknown>;
  const config = options.config
    ? parseConfig(mergeConfig(options.config as unknown as Record<string, unknown>, overrides))
    : await loadConfig({ cwd, ...(options.configFile !== undefined && { file: options.configFile }), overrides });
  validateRunFlags(options);
  const runId = options.runId ?? makeRunId();
  const outDir = resolve(cwd, options.outDir ?? join(config.reports.outDir, runId));
  await mkdir(outDir, { recursive: true });
  const configPath = join(outDir, 'config.json');
  await writeFile(configPath, `${JSON.stringify(redactConfig(config), null, 2)}\n`);

  const args = [playwrightCli(), 'test', '-c', join(ROOT, 'playwright.config.ts')];
  for (const project of config.projects) args.push('--project', project);
  if (config.scenario !== undefined) args.push('--grep', scenarioPattern(config.scenario));
  if (options.repeatEach !== undefined) args.push('--repeat-each', String(options.repeatEach));
  if (options.workers !== undefined) args.push('--workers', String(options.workers));
  if (options.shard !== undefined) args.push('--shard', options.shard);
  args.push(...(options.extraArgs ?? []));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GOLDPATH_CONFIG: configPath,
    GOLDPATH_AUTH_JSON: JSON.stringify(config.auth),
    GOLDPATH_OUT_DIR: outDir,
    GOLDPATH_RUN_ID: runId,
    GOLDPATH_QUIET: options.quiet ? '1' : '0',
    // asked for by name, the browser project without a browser is an infrastructure error; in the default suite a skip
    GOLDPATH_REQUIRE_BROWSER: config.projects.includes('browser') ? '1' : '0',
  };
  // the written config already carries every override; env ones would be applied twice
  for (const key of ['GOLDPATH_USERS', 'GOLDPATH_TARGET', 'GOLDPATH_DEFECTS', 'GOLDPATH_SECRET']) delete env[key];
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  const child = await runChild(process.execPath, args, { cwd: ROOT, env, quiet: options.quiet ?? false, timeoutMs });

  const summaryPath = join(outDir, 'summary.json');
  if (child.timedOut) {
    log(`the suite did not finish within ${timeoutMs} ms and was stopped; reports in ${outDir}`, 'error');
    return { exitCode: ExitCode.Infrastructure, outDir, ...(await readSummary(summaryPath)) };
  }
  const read = await readSummary(summaryPath);
  if (!read.summary) {
    log(`playwright exited with ${child.code} without writing ${summaryPath}${child.tail ? `:\n${child.tail}` : ''}`, 'error');
    return { exitCode: ExitCode.Infrastructure, outDir };
  }
  const exitCode = exitCodeOf(read.summary, config.scenario);
  if (exitCode === ExitCode.Findings || exitCode === ExitCode.Infrastructure) log(explainFailure(read.summary, outDir), 'error');
  return { exitCode, summary: read.summary, outDir };
}

/** One line for stderr (printed even with --quiet): what failed and where the reports are. */
export function explainFailure(summary: Summary, outDir: string): string {
  const where = `reports in ${outDir}`;
  if (summary.status === 'infrastructure_error') {
    const first = summary.scenarios.find((s) => s.error?.includes('[GOLDPATH_INFRA]'))?.error?.split('\n')[0];
    return `infrastructure error: ${first ?? 'the target could not be reached'}; ${where}`;
  }
  const codes = Object.entries(summary.findingsByCode).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ×${n}`).join(', ');
  return `${summary.totals.failed} of ${summary.totals.scenarios} scenarios failed${codes ? ` (${codes})` : ''}; ${where}`;
}

/** 0 pass, 1 findings or failed scenarios, 2 nothing matched / a config problem met in a worker, 3 infrastructure. */
export function exitCodeOf(summary: Summary, scenario?: string): RunSuiteResult['exitCode'] {
  if (summary.status === 'infrastructure_error') return ExitCode.Infrastructure;
  if (summary.scenarios.some((s) => s.error?.includes(USAGE_MARKER))) return ExitCode.Usage;
  if (summary.totals.scenarios === 0) {
    log(`no scenario matched${scenario ? ` --scenario ${scenario}` : ''}: list them with \`npx playwright test --list\``, 'error');
    return ExitCode.Usage;
  }
  return summary.status === 'passed' ? ExitCode.Pass : ExitCode.Findings;
}

/** A glob (`golden*`) becomes a regex over titles and file names; anything else is used as a regex source. */
export function scenarioPattern(scenario: string): string {
  if (!/[*?]/.test(scenario) || /[\\^$()|[\]{}+]/.test(scenario)) return scenario;
  return scenario.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
}

function validateRunFlags(options: RunSuiteOptions): void {
  if (options.repeatEach !== undefined && (!Number.isInteger(options.repeatEach) || options.repeatEach < 1)) {
    throw new UsageError('GOLDPATH_BAD_REPEAT_EACH', `--repeat-each ${options.repeatEach}: expected a whole number ≥ 1.`);
  }
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1 || options.workers > 64)) {
    throw new UsageError('GOLDPATH_BAD_WORKERS', `--workers ${options.workers}: expected a whole number from 1 to 64.`);
  }
  if (options.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(options.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError('GOLDPATH_BAD_SHARD', `--shard ${options.shard}: expected i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.`);
  }
  if (options.scenario !== undefined) {
    try {
      new RegExp(scenarioPattern(options.scenario));
    } catch (error) {
      throw new UsageError('GOLDPATH_BAD_SCENARIO', `--scenario ${options.scenario}: not a valid glob or regex (${(error as Error).message}).`);
    }
  }
}

function playwrightCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js');
}

async function readSummary(path: string): Promise<{ summary?: Summary }> {
  if (!existsSync(path)) return {};
  try {
    return { summary: Summary.parse(JSON.parse(await readFile(path, 'utf8'))) };
  } catch (error) {
    log(`${path} is not a valid summary: ${(error as Error).message}`, 'error');
    return {};
  }
}

function runChild(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; quiet: boolean; timeoutMs: number }): Promise<{ code: number | null; timedOut: boolean; tail: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, timedOut, tail });
    });
  });
}
