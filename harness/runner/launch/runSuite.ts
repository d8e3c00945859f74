import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { CONTRACT_VERSION, Summary, SUMMARY_FORMAT, SUMMARY_VERSION } from '../../../contracts/index.ts';
import { ExitCode } from '../../common/exitCodes.ts';
import { UsageError } from '../../common/GoldpathError.ts';
import { log } from '../../common/log.ts';
import { CODE_ROOT, MODULE_EXTENSION } from '../../common/moduleExtension.ts';
import { findConfigFile, loadConfig, mergeConfig, parseConfig, type GoldpathConfig } from '../../config/index.ts';
import { configOverrides, OPTION_ENV_NAMES } from '../../config/configOverrides.ts';
import type { OptionValues } from '../../config/optionTable.ts';
import { scenarioPattern } from '../../config/scenarioPattern.ts';
import { ownScenarioDir } from './ownScenarioDir.ts';
import { decideExit } from './decideExit.ts';
import { redactConfig } from './resolveRunConfig.ts';
import { makeRunId } from './runIdentity.ts';
import { readSuiteStop } from '../stop/suiteStop.ts';
import { requiredSecret } from '../../targets/resolveSecret.ts';
import { writeStopReason } from '../stop/stopReason.ts';

/**
 * What a run is asked: the option table's values (the flags of `goldpath run`, each overriding its config key) and,
 * from code, a resolved config and where to run from.
 */
export interface RunSuiteOptions extends OptionValues {
  /** A resolved config; when absent it is loaded from `configFile` or goldpath.config.* in `cwd`. */
  config?: GoldpathConfig;
  cwd?: string;
  /** A folder of spec files to run instead of scenarios/ (they import goldpath's fixtures by a path of their own). */
  scenarioDir?: string;
  /** Passed to `playwright test` as is. */
  extraArgs?: string[];
}

export interface RunSuiteResult {
  /** 130 / 143: stopped by SIGINT / SIGTERM. */
  exitCode: 0 | 1 | 2 | 3 | 130 | 143;
  summary?: Summary;
  outDir: string;
}

/**
 * Runs the scenario suite through Playwright Test and returns the exit code and summary.json of the run.
 * Bad options or config throw a UsageError before anything starts.
 * @example const { exitCode, summary } = await runSuite({ users: 5, scenario: 'golden*', quiet: true })
 */
export async function runSuite(options: RunSuiteOptions = {}): Promise<RunSuiteResult> {
  const cwd = options.cwd ?? process.cwd();
  const overrides = configOverrides(options) as Record<string, unknown>;
  const config = options.config
    ? parseConfig(mergeConfig(options.config as unknown as Record<string, unknown>, overrides))
    : await loadConfig({ cwd, ...(options.configFile !== undefined && { file: options.configFile }), overrides });
  const configFile = options.config
    ? undefined
    : options.configFile !== undefined
      ? resolve(cwd, options.configFile)
      : findConfigFile(cwd);
  const ownDir = ownScenarioDir(config.testDir, configFile !== undefined ? dirname(configFile) : cwd, config.suite);
  await validateProjects(config.projects, ownDir !== undefined);
  // a url target needs the secret: say so once, before anything starts
  if (config.target.kind === 'url') requiredSecret(config.auth, 'url');
  const runId = options.runId ?? makeRunId();
  const outDir = resolve(cwd, options.outDir ?? join(config.reports.outDir, runId));
  await mkdir(outDir, { recursive: true });
  const configPath = join(outDir, 'config.json');
  await writeFile(configPath, `${JSON.stringify(redactConfig(config), null, 2)}\n`);

  const args = [playwrightCli(), 'test', '-c', join(CODE_ROOT, `playwright.config${MODULE_EXTENSION}`)];
  for (const project of config.projects) args.push('--project', project);
  if (config.scenario !== undefined) args.push('--grep', scenarioPattern(config.scenario));
  if (config.repeatEach !== undefined) args.push('--repeat-each', String(config.repeatEach));
  if (config.workers !== undefined) args.push('--workers', String(config.workers));
  if (config.shard !== undefined) args.push('--shard', config.shard);
  if (config.maxFailures !== undefined) args.push('--max-failures', String(config.maxFailures));
  args.push(...(options.extraArgs ?? []));

  const maxDurationMs = config.maxDurationMs;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // every process of the run watches this one: if goldpath dies, they stop (see watchParent)
    GOLDPATH_PARENT_PID: String(process.pid),
    // the budget (enforced by the reporter) replaces Playwright's global timeout; this is only its backstop
    GOLDPATH_GLOBAL_TIMEOUT_MS: String(maxDurationMs !== undefined ? maxDurationMs + 30_000 : 0),
    // the resolved config, read back by readRunConfigFile (secrets travel in the environment, not in the file)
    GOLDPATH_CONFIG: configPath,
    GOLDPATH_AUTH_JSON: JSON.stringify(config.auth),
    GOLDPATH_OUT_DIR: outDir,
    GOLDPATH_RUN_ID: runId,
    GOLDPATH_QUIET: options.quiet ? '1' : '0',
    ...(options.scenarioDir !== undefined && { GOLDPATH_SCENARIO_DIR: resolve(cwd, options.scenarioDir) }),
    GOLDPATH_SUITE: config.suite,
    ...(ownDir !== undefined && { GOLDPATH_OWN_DIR: ownDir }),
    // scenario files outside goldpath are named relative to the project they came from
    GOLDPATH_PROJECT_DIR: configFile !== undefined ? dirname(configFile) : cwd,
    // asked for by name, the browser project without a browser is an infrastructure error; in the default suite a skip
    GOLDPATH_REQUIRE_BROWSER: config.projects.includes('browser') ? '1' : '0',
  };
  // the written config already carries every override; env ones would be applied twice
  for (const key of OPTION_ENV_NAMES) delete env[key];
  // a hard ceiling only if the budget itself failed to stop the suite
  const ceilingMs = maxDurationMs !== undefined ? maxDurationMs + 60_000 : undefined;
  const child = await runChild(process.execPath, args, {
    cwd: CODE_ROOT,
    env,
    quiet: options.quiet ?? false,
    outDir,
    ...(ceilingMs !== undefined && { ceilingMs }),
  });

  const summaryPath = join(outDir, 'summary.json');
  if (child.signal !== undefined) {
    const read = await readSummary(summaryPath);
    const summary =
      read.summary?.status === 'interrupted'
        ? read.summary
        : await writeInterruptedSummary(summaryPath, read.summary, child.signal, runId);
    log(`interrupted by ${child.signal}: the run was stopped and its reports say so; reports in ${outDir}`, 'error');
    return { exitCode: child.signal === 'SIGINT' ? 130 : 143, summary, outDir };
  }
  const read = await readSummary(summaryPath);
  if (!read.summary && !child.timedOut && child.tail) log(`Playwright's last output:\n${child.tail}`, 'error');
  const stop = read.summary ? readSuiteStop(outDir) : undefined;
  if (stop !== undefined) {
    log(`${stop.line} [${stop.code}]; reports in ${outDir}`, 'error');
    return { exitCode: ExitCode.Infrastructure, summary: read.summary, outDir };
  }
  const decision = decideExit({
    summary: read.summary,
    child,
    outDir,
    ...(ceilingMs !== undefined && { ceilingMs }),
    ...(config.scenario !== undefined && { scenario: config.scenario }),
  });
  // the reason is the last line of the run, whatever the code (with --quiet too, on stderr when it is not a pass)
  log(decision.reason, decision.exitCode === ExitCode.Pass ? 'info' : 'error');
  return { exitCode: decision.exitCode, outDir, ...read };
}

/** Unknown --project names are a usage error (exit 2) before Playwright starts, not its stack trace. */
async function validateProjects(projects: readonly string[], hasOwn: boolean): Promise<void> {
  if (projects.length === 0) return;
  const saved = { runId: process.env.GOLDPATH_RUN_ID, outDir: process.env.GOLDPATH_OUT_DIR };
  const config = (
    (await import('../../../playwright.config.ts')) as { default: { projects?: Array<{ name?: string }> } }
  ).default;
  // loading the config names a run in the environment; this was only a look at its projects
  for (const [key, value] of [
    ['GOLDPATH_RUN_ID', saved.runId],
    ['GOLDPATH_OUT_DIR', saved.outDir],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  // `own` (the team's testDir) is a project only where there are scenarios of the team's own
  const known = [...(config.projects ?? []).map((p) => p.name ?? '').filter(Boolean), ...(hasOwn ? ['own'] : [])];
  const unknown = projects.filter((p) => !known.includes(p));
  if (unknown.length > 0) {
    throw new UsageError(
      'GOLDPATH_UNKNOWN_PROJECT',
      `unknown project ${unknown.map((p) => `"${p}"`).join(', ')}: the projects are ${known.map((p) => `"${p}"`).join(', ')}.`,
    );
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

/** A summary for a run whose reporter could not write one before it was stopped: never a pass. */
async function writeInterruptedSummary(
  path: string,
  previous: Summary | undefined,
  signal: 'SIGINT' | 'SIGTERM',
  runId: string,
): Promise<Summary> {
  const now = new Date().toISOString();
  const summary: Summary = previous
    ? { ...previous, status: 'interrupted', stoppedBy: signal }
    : {
        format: SUMMARY_FORMAT,
        version: SUMMARY_VERSION,
        runId,
        startedAt: now,
        finishedAt: now,
        durationMs: 0,
        goldpathVersion: 'unknown',
        contractVersion: CONTRACT_VERSION,
        target: { kind: 'unknown' },
        environment: {},
        scenarios: [],
        totals: { scenarios: 0, passed: 0, failed: 0, runs: 0, events: 0, findings: 0 },
        findingsByCode: {},
        status: 'interrupted',
        stoppedBy: signal,
      };
  await writeFile(path, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** How long the run's processes get to write their reports after a stop signal, before they are killed. */
const STOP_GRACE_MS = 1800;

interface ChildOutcome {
  code: number | null;
  timedOut: boolean;
  tail: string;
  /** goldpath itself was asked to stop. */
  signal?: 'SIGINT' | 'SIGTERM';
}

/**
 * Runs Playwright in a process group of its own, so a stop reaches the runner and every worker at once: SIGINT or
 * SIGTERM to goldpath notes the reason, sends SIGTERM to the group (the runner writes `interrupted` reports, the
 * workers end their histories) and SIGKILLs what is left after STOP_GRACE_MS.
 */
function runChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; quiet: boolean; outDir: string; ceilingMs?: number },
): Promise<ChildOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timedOut = false;
    let signal: ChildOutcome['signal'];
    const group = (sig: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, sig);
      } catch {
        // the group is gone already
      }
    };
    let killer: NodeJS.Timeout | undefined;
    const stop = (sig: 'SIGINT' | 'SIGTERM' | 'budget'): void => {
      if (sig !== 'budget') signal ??= sig;
      writeStopReason(options.outDir, sig);
      group('SIGTERM');
      killer ??= setTimeout(() => group('SIGKILL'), STOP_GRACE_MS);
    };
    const onSigint = (): void => stop('SIGINT');
    const onSigterm = (): void => stop('SIGTERM');
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    const timer =
      options.ceilingMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stop('budget');
          }, options.ceilingMs);
    const done = (): void => {
      clearTimeout(timer);
      clearTimeout(killer);
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('close', (code) => {
      done();
      // the runner is gone; make sure no worker outlives it
      group('SIGKILL');
      resolvePromise({ code, timedOut, tail, ...(signal !== undefined && { signal }) });
    });
  });
}
