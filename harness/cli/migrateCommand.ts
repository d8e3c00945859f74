import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Summary } from '../../contracts/Summary.ts';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import type { MigrationPlan, PlanPoint } from '../../contracts/MigrationPlan.ts';
import { TIMELINE_FORMAT, type MigrationTimeline, type TimelineEntry } from '../../contracts/MigrationTimeline.ts';
import { readMigrationPlan } from '../baseline/parseMigrationPlan.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { log, setQuiet } from '../common/log.ts';
import { loadConfig, mergeConfig, parseConfig, type GoldpathConfig } from '../config/index.ts';
import { formatBaselineNoise } from '../report/formatBaselineNoise.ts';
import { formatVerdict } from '../report/formatVerdict.ts';
import { writeMigrationReport } from '../report/writeMigrationReport.ts';
import { writeReports } from '../report/writeReports.ts';
import { runSuite, type RunSuiteOptions } from '../runner/launch/runSuite.ts';
import type { OptionValues } from '../config/optionTable.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { runForSummary, type RunSuiteFn } from './baselineCommand.ts';
import { prepareImportGates, runImportGate } from './planImportGates.ts';

export interface MigrateOptions extends Pick<OptionValues, 'configFile' | 'claims' | 'quiet' | 'contract'> {
  plan: string;
  /** Output folder (default reports/migrate-<plan name>). */
  out?: string;
}

/** How one point of the plan is reached, in words for the timeline. */
export function describePoint(point: PlanPoint): string {
  if (point.reference)
    return `reference factoryPath=${point.reference.factoryPath} defects=${point.reference.defects.length > 0 ? point.reference.defects.join(',') : 'none'}`;
  if (point.target) return point.target.kind === 'url' ? `url ${point.target.wsUrl}` : `${point.target.kind} target`;
  if (point.config) return `config ${point.config}`;
  return 'default target';
}

/** The runSuite options that reach one point (baseline or step) of a plan. */
export async function pointOptions(
  plan: MigrationPlan,
  point: PlanPoint,
  base: GoldpathConfig,
  planFile: string,
  contract?: OptionValues['contract'],
  claims?: OptionValues['claims'],
): Promise<RunSuiteOptions> {
  let config = base;
  if (point.config) config = await loadConfig({ file: resolve(dirname(planFile), point.config) });
  if (point.target)
    config = parseConfig(mergeConfig(config as unknown as Record<string, unknown>, { target: point.target }));
  const options: RunSuiteOptions = { config, quiet: true, ...(claims !== undefined && { claims }) };
  if (point.reference)
    Object.assign(options, {
      target: 'embedded',
      factoryPath: point.reference.factoryPath,
      defects: point.reference.defects,
    });
  const run = plan.run;
  if (run.scenario !== undefined) options.scenario = run.scenario;
  if (run.users !== undefined) options.users = run.users;
  if (run.project !== undefined) options.project = run.project;
  if (run.workers !== undefined) options.workers = run.workers;
  if (contract !== undefined) options.contract = contract;
  return options;
}

function entryOf(point: PlanPoint, status: TimelineEntry['status']): TimelineEntry {
  const entry: TimelineEntry = {
    name: point.name,
    title: point.title,
    state: describePoint(point),
    status,
    reports: [],
  };
  if (point.description !== undefined) entry.description = point.description;
  return entry;
}

/**
 * `goldpath migrate`: records the plan's baseline, validates each step in order, stops at the first step that is not
 * PASS and names the last passing point to roll back to; writes migration.json, migration.md and migration.html.
 * @returns the exit code (0 every step passed, 1 stopped at a failing step, 2 bad plan, 3 infrastructure)
 * @example await runMigrate({ plan: 'plans/demo-broken-step3.json' })
 */
export async function runMigrate(options: MigrateOptions, run: RunSuiteFn = runSuite): Promise<number> {
  const plan = await readMigrationPlan(options.plan);
  const configFile =
    options.configFile ?? (plan.config !== undefined ? resolve(dirname(options.plan), plan.config) : undefined);
  const config = await loadConfig(configFile ? { file: configFile } : {});
  const outDir = resolve(options.out ?? join(config.reports.outDir, `migrate-${plan.name}`));
  const importGates = await prepareImportGates(plan, options.plan, config);
  await mkdir(outDir, { recursive: true });
  const started = Date.now();
  const timeline: MigrationTimeline = {
    format: TIMELINE_FORMAT,
    version: 1,
    plan: plan.name,
    planFile: options.plan,
    startedAt: new Date(started).toISOString(),
    finishedAt: '',
    durationMs: 0,
    status: 'COMPLETED',
    baseline: entryOf(plan.baseline, 'NOT_RUN'),
    steps: plan.steps.map((s) => entryOf(s, 'NOT_RUN')),
    message: '',
  };
  if (plan.description !== undefined) timeline.description = plan.description;
  const rel = (dir: string): string => relative(outDir, dir) || '.';
  const finish = async (status: MigrationTimeline['status'], message: string, code: number): Promise<number> => {
    timeline.status = status;
    timeline.message = message;
    timeline.finishedAt = new Date().toISOString();
    timeline.durationMs = Date.now() - started;
    const files = await writeMigrationReport(timeline, outDir, { onError: (message) => log(message, 'error') });
    log(message, code === ExitCode.Pass ? 'info' : 'error');
    log(`migration report: ${files.map((f) => relative(process.cwd(), f)).join(', ')}`);
    return code;
  };

  // 1. the baseline, K passes of the pre-migration state
  const b = timeline.baseline;
  b.startedAt = new Date().toISOString();
  const summaries: Summary[] = [];
  const baseOptions = await pointOptions(plan, plan.baseline, config, options.plan, options.contract, options.claims);
  for (let i = 1; i <= plan.run.passes; i++) {
    log(`[baseline] ${plan.baseline.title}: pass ${i} of ${plan.run.passes} (${b.state})`);
    const dir = join(outDir, plan.baseline.name, `pass-${i}`);
    const result = await runForSummary(
      run,
      { ...baseOptions, outDir: dir, runId: `${plan.name}-${plan.baseline.name}-pass-${i}` },
      `baseline pass ${i}`,
    );
    b.reports.push(rel(dir));
    if ('exitCode' in result) {
      b.status = 'ERROR';
      b.error = `pass ${i} ended with exit ${result.exitCode} and no usable summary`;
      b.durationMs = Date.now() - Date.parse(b.startedAt);
      return finish(
        'INFRA_ERROR',
        `could not record the baseline "${plan.baseline.title}": ${b.error}. Nothing was validated.`,
        result.exitCode === ExitCode.Usage ? ExitCode.Usage : ExitCode.Infrastructure,
      );
    }
    summaries.push(result.summary);
  }
  const baseline = buildBaseline(summaries, { name: plan.baseline.name });
  const baselineFile = join(outDir, 'baseline.json');
  await writeFile(baselineFile, `${JSON.stringify(baseline, null, 2)}\n`, 'utf8');
  timeline.baselineFile = rel(baselineFile);
  b.status = 'RECORDED';
  b.noise = formatBaselineNoise(baseline);
  b.durationMs = Date.now() - Date.parse(b.startedAt);
  for (const line of b.noise.split('\n')) log(`  ${line}`, line.startsWith('warning:') ? 'warn' : 'info');
  const baselineGate = importGates.get(plan.baseline.name);
  if (baselineGate) {
    const ran = await runImportGate(baselineGate, outDir, plan.baseline.name);
    b.imports = ran.gate;
    log(`  ${ran.gate.message}`, ran.exitCode !== undefined ? 'error' : 'info');
    if (ran.exitCode !== undefined) {
      b.status = 'ERROR';
      return finish(
        'INFRA_ERROR',
        `could not take the import census of the baseline "${plan.baseline.title}": ${ran.gate.message}. Nothing was validated.`,
        ran.exitCode,
      );
    }
  }
  let lastGood: PlanPoint = plan.baseline;

  // 2. each step against it, stopping at the first one that is not PASS
  for (const [i, step] of plan.steps.entries()) {
    const entry = timeline.steps[i]!;
    entry.startedAt = new Date().toISOString();
    log(`[${i + 1}/${plan.steps.length}] ${step.title} (${entry.state})`);
    const gate = importGates.get(step.name);
    const ran = gate ? await runImportGate(gate, outDir, step.name) : undefined;
    const imports = ran?.gate;
    if (ran && imports) {
      entry.imports = imports;
      log(`  ${imports.message}`, imports.status === 'FAIL' || imports.status === 'ERROR' ? 'error' : 'info');
      if (ran.exitCode !== undefined) {
        entry.status = 'ERROR';
        entry.durationMs = Date.now() - Date.parse(entry.startedAt);
        timeline.stoppedAt = step.name;
        timeline.rollbackTo = { name: lastGood.name, title: lastGood.title };
        return finish(
          'INFRA_ERROR',
          `stopped at ${step.title}: ${imports.message}. The last verified point is "${lastGood.title}".`,
          ran.exitCode,
        );
      }
    }
    const dir = join(outDir, step.name);
    const result = await runForSummary(
      run,
      {
        ...(await pointOptions(plan, step, config, options.plan, options.contract, options.claims)),
        outDir: dir,
        runId: `${plan.name}-${step.name}`,
      },
      step.name,
    );
    entry.reports.push(rel(dir));
    entry.durationMs = Date.now() - Date.parse(entry.startedAt);
    if ('exitCode' in result) {
      entry.status = 'ERROR';
      entry.error = `the suite ended with exit ${result.exitCode} and no usable summary`;
      timeline.stoppedAt = step.name;
      timeline.rollbackTo = { name: lastGood.name, title: lastGood.title };
      return finish(
        'INFRA_ERROR',
        `stopped at ${step.title}: ${entry.error}. Fix the infrastructure and run again; the last verified point is "${lastGood.title}".`,
        result.exitCode === ExitCode.Usage ? ExitCode.Usage : ExitCode.Infrastructure,
      );
    }
    const verdict = compareWithBaseline(baseline, result.summary, config.thresholds, {
      step: step.name,
      baselineFile: timeline.baselineFile,
    });
    await writeReports(result.summary, result.outDir, {
      verdict,
      html: config.reports.html,
      junit: config.reports.junit,
      onError: (message) => log(message, 'error'),
    });
    entry.verdict = verdict;
    const codeFailed = imports?.status === 'FAIL';
    entry.status = verdict.status === 'PASS' && codeFailed ? 'INCOMPLETE' : verdict.status;
    for (const line of formatVerdict(verdict).split('\n'))
      log(`  ${line}`, verdict.status === 'PASS' || line.startsWith('note:') ? 'info' : 'error');
    if (entry.status !== 'PASS') {
      timeline.stoppedAt = step.name;
      timeline.rollbackTo = { name: lastGood.name, title: lastGood.title };
      const kinds = [...new Set(verdict.reasons.map((r) => r.kind))].join(', ');
      const rollback = `Roll back to "${lastGood.title}" (${lastGood.name}); later steps were not run.`;
      const code = codeFailed ? ` Its code is not there yet either: ${imports.message}.` : '';
      return finish(
        'STOPPED',
        entry.status === 'INCOMPLETE'
          ? `NO-GO: ${step.title} is INCOMPLETE: the golden path matches the baseline, but its code is not there yet: ${imports?.message ?? ''}. Finish the step, or ${rollback.charAt(0).toLowerCase()}${rollback.slice(1)}`
          : `NO-GO: ${step.title} is ${verdict.status} (${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'}: ${kinds}).${code} ${rollback}`,
        ExitCode.Findings,
      );
    }
    lastGood = step;
  }
  const gated = plan.steps.filter(
    (s) => importGates.get(s.name)?.expect !== undefined && Object.keys(importGates.get(s.name)!.expect).length > 0,
  ).length;
  const code =
    gated > 0
      ? `, and the code of ${gated === plan.steps.length ? 'each' : `${gated} of them`} meets its import expectations`
      : '';
  return finish(
    'COMPLETED',
    `GO: all ${plan.steps.length} steps of ${plan.name} match the baseline "${plan.baseline.title}"${code}.`,
    ExitCode.Pass,
  );
}

/** `goldpath migrate --plan <file> [--out <dir>] [--config <file>]` */
export function registerMigrateCommand(program: Command): void {
  const command = program
    .command('migrate')
    .description(
      "Gate a migration: record the plan's baseline, validate each step in order, stop at the first failing step and say where to roll back to.",
    )
    .requiredOption('--plan <file>', 'a migration plan (JSON), e.g. plans/seed-migration.json')
    .option('--out <dir>', 'output folder (default reports/migrate-<plan name>)');
  addOptions(command, 'migrate')
    .addHelpText(
      'after',
      '\nExamples:\n  $ goldpath migrate --plan plans/seed-migration.json          (exit 0: GO on every step)\n  $ goldpath migrate --plan plans/demo-broken-step3.json      (exit 1: stops at step 3, roll back to step 2)\n\nWrites <out>/migration.json, migration.md, migration.html, baseline.json and one report folder per step.\nA step with "imports": { "source": "<folder or git ref>", "expect": { "compat": { "production": 0 } } } is GO only when its import census holds too (see `goldpath imports --help`); the census goes to <out>/imports/<step>/.',
    )
    .action(async (flags: Record<string, unknown>) => {
      const options: MigrateOptions = { ...optionValues(flags, 'migrate'), plan: String(flags.plan) };
      if (options.quiet === true) setQuiet(true);
      if (typeof flags.out === 'string') options.out = flags.out;
      process.exitCode = await runMigrate(options);
    });
}
