import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { ScenarioFailure, ScenarioSummary, type Summary } from '../../../contracts/index.ts';
import { log } from '../../common/log.ts';
import { PACKAGE_ROOT } from '../../common/moduleExtension.ts';
import { formatSummaryTable } from '../../report/formatSummaryTable.ts';
import { writeReports } from '../../report/writeReports.ts';
import type { GoldpathConfig, TargetConfig } from '../../config/index.ts';
import { FAILURE_ATTACHMENT } from '../fixtures/raised.ts';
import { readRunConfigFile, resolveRunConfig } from '../launch/resolveRunConfig.ts';
import { buildSummary } from './buildSummary.ts';
import { didFinish, notFinishedError } from './didFinish.ts';
import { installRunnerStop } from '../stop/installRunnerStop.ts';
import { suiteBudgetMs } from '../launch/suiteBudget.ts';
import { readStopReason, type StopReason } from '../stop/stopReason.ts';
import { parseProgressLines, type Progress } from './progress.ts';
import { resolveRunIdentity } from '../launch/runIdentity.ts';
import { fromProject, scenarioFile } from './scenarioFile.ts';
import { runProblems } from './runProblems.ts';
import { readSuiteStop } from '../stop/suiteStop.ts';

export interface GoldpathReporterOptions {
  /** This reporter is the console reporter (a live progress line, a line per scenario, failures). Default: stdout is a TTY. */
  console?: boolean;
  /** Print nothing but errors. */
  quiet?: boolean;
  /** Seconds between plain progress log lines when not live. Default 5. */
  logEverySeconds?: number;
}

const PACKAGE_VERSION = readVersion();

/**
 * Playwright reporter that turns goldpath's per-test `goldpath-scenario` attachments into summary.json, junit.xml,
 * summary.md and index.html, shows progress (live on a TTY, a periodic log otherwise) and prints the summary table.
 */
export default class GoldpathReporter implements Reporter {
  private readonly console: boolean;
  private readonly quiet: boolean;
  private readonly live: boolean;
  private readonly progress = new Map<number, Progress>();
  private startedAt = new Date();
  private total = 0;
  private finished = 0;
  private rate = { at: performance.now(), events: 0, perSecond: 0 };
  private liveShown = false;
  private firstProgressAt: number | undefined;
  private lastLogged = '';
  private timer: NodeJS.Timeout | undefined;
  private globalErrors: string[] = [];
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private budgetTimer: NodeJS.Timeout | undefined;
  private budgetMs: number | undefined;
  private summaryWritten = false;
  /** The run's resolved config (undefined until read, or when it cannot be: the summary then says "unknown"). */
  private runConfig: GoldpathConfig | undefined;

  constructor(options: GoldpathReporterOptions = {}) {
    this.quiet = options.quiet ?? process.env.GOLDPATH_QUIET === '1';
    this.console = !this.quiet && (options.console ?? Boolean(process.stdout.isTTY));
    this.live = this.console && Boolean(process.stdout.isTTY);
    if (!this.quiet && !this.live) {
      this.timer = setInterval(() => this.logProgress(), (options.logEverySeconds ?? 5) * 1000);
      this.timer.unref();
    }
  }

  printsToStdio(): boolean {
    return !this.quiet;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    this.startedAt = new Date();
    this.total = suite.allTests().length;
    this.readConfig();
    const { outDir } = resolveRunIdentity();
    const stop = installRunnerStop({ outDir, onDeadline: (reason) => this.writeSummaryNow(reason) });
    const budget = suiteBudgetMs({
      tests: this.total,
      workers: config.workers,
      scenarioTimeoutMs: Math.max(0, ...config.projects.map((p) => p.timeout)),
      explicitMs: this.runConfig?.maxDurationMs,
    });
    this.budgetMs = budget;
    this.budgetTimer = setTimeout(() => {
      log(
        `the suite reached its time budget of ${Math.round(budget / 1000)} s (--max-duration) and is being stopped; the reports show what ran`,
        'error',
      );
      stop('budget');
    }, budget);
    this.budgetTimer.unref();
    if (!this.quiet)
      log(
        `running ${this.total} scenario${this.total === 1 ? '' : 's'} with ${config.workers} worker${config.workers === 1 ? '' : 's'} within ${Math.round(budget / 1000)} s (--max-duration); reports in ${fromProject(outDir) || '.'}`,
      );
  }

  /** The config `goldpath run` resolved (or, under `npx playwright test`, goldpath.config.* with GOLDPATH_* overrides). */
  private readConfig(): void {
    try {
      this.runConfig = readRunConfigFile();
    } catch (error) {
      log(`the run's config could not be read: ${(error as Error).message}`, 'error');
    }
    if (this.runConfig === undefined && process.env.GOLDPATH_CONFIG === undefined)
      void resolveRunConfig().then(
        (config) => (this.runConfig = config),
        () => undefined,
      );
  }

  /** The stop did not let Playwright finish: summary.json now, from what the reporter has seen. */
  private writeSummaryNow(reason: StopReason | undefined): void {
    if (this.summaryWritten) return;
    try {
      const { outDir } = resolveRunIdentity();
      mkdirSync(outDir, { recursive: true });
      writeFileSync(
        `${outDir}/summary.json`,
        `${JSON.stringify(this.buildSummary({ status: 'interrupted' } as FullResult, reason ?? 'SIGTERM'), null, 2)}\n`,
      );
      this.summaryWritten = true;
    } catch (error) {
      log(`the goldpath summary could not be written: ${(error as Error).message}`, 'error');
    }
  }

  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    const { progress, rest } = parseProgressLines(chunk.toString());
    for (const p of progress) this.progress.set(p.pid, p);
    if (progress.length > 0) this.drawLive();
    if (rest.trim() !== '' && !this.quiet) this.print(`${test ? `[${test.title}] ` : ''}${rest.trimEnd()}`);
  }

  onStdErr(chunk: string | Buffer, test?: TestCase): void {
    if (!this.quiet && this.console)
      this.print(`${test ? `[${test.title}] ` : ''}${chunk.toString().trimEnd()}`, 'warn');
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.finished++;
    if (!this.console) return;
    const mark = result.status === 'passed' ? '✓' : result.status === 'skipped' ? '-' : '✘';
    const skipped =
      result.status === 'skipped' ? ` skipped: ${skipReasonOf(test, result)}` : ` (${Math.round(result.duration)} ms)`;
    this.print(`${mark} ${test.parent.project()?.name ?? ''} › ${test.titlePath().slice(2).join(' › ')}${skipped}`);
    if (result.status !== 'passed' && result.status !== 'skipped') {
      for (const error of result.errors) this.print(indent(stripAnsi(error.message ?? error.value ?? '')), 'error');
    }
  }

  onError(error: TestError): void {
    const message = stripAnsi(error.message ?? error.value ?? String(error));
    const at = error.location ? `${scenarioFile(error.location.file)}:${error.location.line}: ` : '';
    this.globalErrors.push(`${at}${message}`);
    this.print(message, 'error');
  }

  async onEnd(result: FullResult): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    this.clearLive();
    try {
      const { outDir } = resolveRunIdentity();
      const stoppedBy = readStopReason(outDir) ?? (result.status === 'interrupted' ? 'SIGINT' : undefined);
      const summary = this.buildSummary(result, stoppedBy);
      const reports = this.runConfig?.reports;
      const written = await writeReports(summary, outDir, {
        ...(reports !== undefined && { html: reports.html, junit: reports.junit }),
        onError: (message) => log(message, 'error'),
      });
      this.summaryWritten = true;
      for (const problem of summary.result?.problems ?? []) log(`goldpath could not do its job: ${problem}`, 'error');
      if (!this.quiet) {
        for (const line of formatSummaryTable(summary).split('\n')) log(line);
        const load = harnessLoadLine(summary);
        if (load !== undefined) log(load);
        const where = fromProject(outDir) || '.';
        log(
          `reports: ${where}/ (${written.map((f) => relative(outDir, f)).join(', ')}, histories/, playwright-report/index.html)`,
        );
      }
    } catch (error) {
      log(`the goldpath summary could not be written: ${(error as Error).stack ?? String(error)}`, 'error');
    }
  }

  private buildSummary(result: FullResult, stoppedBy?: StopReason): Summary {
    const scenarios: ScenarioSummary[] = [];
    // a stopped run (target unreachable, every connection refused) could not be tested: never a pass
    // (an error outside any scenario is a run problem, so an infrastructure error too: see runProblems)
    let infra = readSuiteStop(resolveRunIdentity().outDir) !== undefined;
    const tests = this.rootSuite();
    let finished = 0;
    for (const test of tests) {
      const last = test.results[test.results.length - 1];
      if (!didFinish(test)) {
        const { skipReason: _never, ...listed } = this.scenarioOf(test, last, undefined);
        scenarios.push({ ...listed, status: 'interrupted', error: notFinishedError(test, result.status) });
        continue;
      }
      finished++;
      const errorText = last?.errors.map((e) => stripAnsi(e.message ?? e.value ?? '')).join('\n');
      const scenario = this.scenarioOf(test, last, errorText);
      if (scenario.failure?.kind === 'infrastructure') infra = true;
      // a scenario that had begun when the run was stopped did not pass or skip: it was interrupted
      if (
        stoppedBy !== undefined &&
        last !== undefined &&
        (scenario.status === 'skipped' || scenario.status === 'failed') &&
        scenario.histories.length === 0
      )
        scenario.status = 'interrupted';
      scenarios.push(scenario);
    }
    const report = { playwrightStatus: result.status, listed: tests.length, finished, errors: this.globalErrors };
    const problems = runProblems({ ...report, maxFailures: this.config?.maxFailures ?? 0 }, scenarios);
    const config = this.runConfig;
    return buildSummary({
      runId: resolveRunIdentity().runId,
      startedAt: this.startedAt,
      finishedAt: new Date(),
      goldpathVersion: PACKAGE_VERSION,
      target: config ? targetOf(config.target) : { kind: 'unknown' },
      environment: {
        node: process.version,
        platform: process.platform,
        cpus: availableParallelism(),
        workers: this.config?.workers ?? 0,
        users: config?.users ?? 'default',
        ci: Boolean(process.env.CI),
        ...(this.budgetMs !== undefined && { maxDurationMs: this.budgetMs }),
      },
      result: { ...report, problems },
      scenarios,
      infrastructureError: infra || problems.length > 0,
      ...(stoppedBy !== undefined && { stoppedBy }),
    });
  }

  private scenarioOf(test: TestCase, result: TestResult | undefined, errorText: string | undefined): ScenarioSummary {
    const attachment = result?.attachments.find((a) => a.name === 'goldpath-scenario' && a.body);
    const project = test.parent.project()?.name;
    const file = scenarioFile(test.location.file);
    const base: ScenarioSummary = attachment?.body
      ? ScenarioSummary.parse(JSON.parse(attachment.body.toString('utf8')))
      : {
          name: test.titlePath().slice(3).join(' › '),
          users: 0,
          requests: 0,
          runs: 0,
          runsCompleted: 0,
          events: 0,
          frames: 0,
          findingsByCode: {},
          findings: [],
          latency: {},
          shapes: {},
          histories: [],
          status: 'skipped',
          durationMs: 0,
        };
    const outcome = test.outcome();
    const status: ScenarioSummary['status'] = outcome === 'flaky' ? 'flaky' : (result?.status ?? 'skipped');
    const skipReason = status === 'skipped' ? skipReasonOf(test, result) : undefined;
    const failure = result?.attachments.find((a) => a.name === FAILURE_ATTACHMENT && a.body)?.body;
    return {
      ...base,
      name: test.titlePath().slice(3).join(' › '),
      file,
      ...(project ? { project } : {}),
      status,
      durationMs: result?.duration ?? 0,
      ...(errorText && status !== 'passed' ? { error: errorText.slice(0, 4000) } : {}),
      ...(skipReason !== undefined && { skipReason }),
      ...(failure !== undefined &&
        status !== 'passed' && { failure: ScenarioFailure.parse(JSON.parse(failure.toString('utf8'))) }),
    };
  }

  private rootSuite(): TestCase[] {
    const tests: TestCase[] = [];
    const walk = (suite: Suite | undefined): void => {
      if (!suite) return;
      tests.push(...suite.tests);
      suite.suites.forEach(walk);
    };
    walk(this.suite);
    return tests;
  }

  private totals(): { users: number; runs: number; events: number; findings: number; requests: number } {
    const t = { users: 0, runs: 0, events: 0, findings: 0, requests: 0 };
    for (const p of this.progress.values()) {
      t.users += p.users;
      t.runs += p.runs;
      t.events += p.events;
      t.findings += p.findings;
      t.requests += p.requests;
    }
    return t;
  }

  private progressText(): string {
    const t = this.totals();
    const now = performance.now();
    this.firstProgressAt ??= now;
    if (now - this.rate.at >= 1000) {
      this.rate = {
        at: now,
        events: t.events,
        perSecond: ((t.events - this.rate.events) * 1000) / (now - this.rate.at),
      };
    }
    const perSecond =
      this.rate.perSecond > 0 ? this.rate.perSecond : (t.events * 1000) / Math.max(1, now - this.firstProgressAt);
    return `${this.finished}/${this.total} scenarios · ${t.users} users connected · ${t.runs}/${t.requests} runs done · ${t.events} events (${Math.round(perSecond)}/s) · ${t.findings} findings`;
  }

  private drawLive(): void {
    if (!this.live) return;
    process.stdout.write(`\r\u001b[2K goldpath ▸ ${this.progressText()}`);
    this.liveShown = true;
  }

  private clearLive(): void {
    if (this.liveShown) process.stdout.write('\r\u001b[2K');
    this.liveShown = false;
  }

  private logProgress(): void {
    if (this.progress.size === 0) return;
    const text = this.progressText();
    if (text !== this.lastLogged) log(`progress: ${text}`);
    this.lastLogged = text;
  }

  private print(message: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.clearLive();
    log(message, level);
    this.drawLive();
  }
}

/** goldpath's own load at its worst over the run, for the console (summary.json has it per scenario). */
function harnessLoadLine(summary: Summary): string | undefined {
  const loads = summary.scenarios.flatMap((s) => (s.harnessLoad ? [s.harnessLoad] : []));
  if (loads.length === 0) return undefined;
  const worst = loads.reduce((a, b) => (b.eventLoopP99Ms > a.eventLoopP99Ms ? b : a));
  const cpu = Math.max(...loads.map((l) => l.cpuPercent));
  const users = Math.max(...loads.map((l) => l.users));
  const skew = Math.max(...loads.map((l) => l.stampSkewP99Ms ?? 0));
  return `goldpath's own load: event-loop delay p99 ${worst.eventLoopP99Ms} ms (max ${Math.max(...loads.map((l) => l.eventLoopMaxMs))} ms), worker CPU up to ${cpu} %, up to ${users} users in one worker${skew > 0 ? `, frames read p99 ${skew} ms after the backend stamped them` : ''}`;
}

/** Why Playwright skipped a test: its skip annotation (test.skip / testInfo.skip with a description), else that it never ran. */
function skipReasonOf(test: TestCase, result: TestResult | undefined): string {
  const annotations = [...(result?.annotations ?? []), ...test.annotations];
  const skip = annotations.find((a) => (a.type === 'skip' || a.type === 'fixme') && a.description);
  if (skip?.description) return skip.description;
  return result === undefined ? 'did not run (the run ended before it started)' : 'skipped without a reason';
}

function stripAnsi(text: string): string {
  return stripVTControlCharacters(text);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/** The summary's target: its kind, a label and its URL. */
function targetOf(target: TargetConfig): Summary['target'] {
  switch (target.kind) {
    case 'embedded': {
      const { factoryPath, defects } = target.reference;
      const label = `embedded reference (${factoryPath}${defects.length > 0 ? `, defects ${defects.join(',')}` : ''})`;
      return { kind: 'embedded', label };
    }
    case 'url':
      return { kind: 'url', label: target.wsUrl, url: target.wsUrl };
    case 'container':
      return { kind: 'container', label: target.image };
    case 'process':
      return { kind: 'process', label: 'process' };
  }
}
