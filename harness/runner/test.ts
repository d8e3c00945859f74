import { relative } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { HARNESS_LOAD_MARK, type Expectations, type HarnessLoad } from '../../contracts/index.ts';
import { SEVERE_LOOP_DELAY_MS } from '../checks/overloadCheck.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { RESOURCES_NOT_CHECKED } from '../checks/resourcesCheck.ts';
import { GoldpathError, InfrastructureError, UsageError } from '../common/GoldpathError.ts';
import { waitFor } from '../common/waitFor.ts';
import { Capabilities, type GoldpathConfig } from '../config/index.ts';
import { createClientStats, type ClientStats } from '../client/ClientStats.ts';
import { attachRecorder } from '../recorder/attachRecorder.ts';
import { HistoryWriter } from '../recorder/HistoryWriter.ts';
import { formatFindings } from '../report/formatFindings.ts';
import { startTarget, type StartedTarget } from '../targets/index.ts';
import { activeEngines } from './activeEngines.ts';
import { asInfrastructureFailure } from './asInfrastructureFailure.ts';
import { flattenMetrics } from './flattenMetrics.ts';
import { historyFileName } from './historyFileName.ts';
import { scaleProfile, type LoadProfile } from './loadProfiles.ts';
import { formatProgressLine } from './progress.ts';
import { missingRequirements, type Requirement, type TargetCapabilities } from './requirementReason.ts';
import { resolveRunConfig } from './resolveRunConfig.ts';
import { resolveRunIdentity } from './runIdentity.ts';
import { scenarioFile } from './scenarioFile.ts';
import { runLoad, type Iteration, type LoadResult } from './runLoad.ts';
import { sampleHarnessLoad } from './sampleHarnessLoad.ts';
import { MAX_FINDINGS_PER_SCENARIO, scenarioSummaryOf } from './scenarioSummaryOf.ts';
import { USAGE_MARKER } from './usageMarker.ts';
import { poolTag, UserPool } from './UserPool.ts';
import { describeCredentials } from '../client/describeCredentials.ts';
import { recordSuiteStop, SuiteStopGate } from './suiteStop.ts';
import { installWorkerStop } from './installWorkerStop.ts';

installWorkerStop();

/** Drives load profiles at the run's scale (--users / GOLDPATH_USERS replaces each profile's peak). */
export interface LoadRunner {
  /** The --users override, if any. */
  readonly users: number | undefined;
  /** `n`, or the --users override when one was given. */
  scale(n: number): number;
  /** Runs the profile (at the run scale, or as given with `unscaled`); fails with the iteration errors unless `allowFailures`. */
  run(
    profile: LoadProfile,
    iteration: Iteration,
    options?: { allowFailures?: boolean; connectConcurrency?: number; unscaled?: boolean },
  ): Promise<LoadResult>;
}

export interface GoldpathTestFixtures {
  /**
   * What this scenario expects (data): `test.use({ expectations: { allowedErrorCodes: ['ENGINE_LIMIT_EXCEEDED'], expectedRejections: 1 } })`,
   * or from the target's capabilities: `test.use({ expectations: async ({ capabilities }, use) => use(denialExpectations(capabilities, ['engineLimit'])) })`.
   */
  expectations: Expectations;
  /**
   * What the scenario needs beyond the protocol; without it the scenario is skipped with the reason, never passed.
   * @example test.use({ requires: ['engineLimit'] })
   */
  requires: Requirement[];
  /** Skips the test, with the reason, when the target lacks a required capability (runs before anything else). */
  capabilityGate: void;
  /** Records every socket of the test; the checks run over it when the test ends. */
  history: HistoryWriter;
  users: UserPool;
  load: LoadRunner;
  /** Skips the test when the run was stopped (target unreachable, every connection refused); see suiteStop.ts. */
  suiteStop: SuiteStopGate;
}

export interface GoldpathWorkerFixtures {
  goldpathConfig: GoldpathConfig;
  /** The backend under test, started once per worker (embedded by default). */
  target: StartedTarget;
  clientStats: ClientStats & { findings: number };
  /** What the target offers beyond the protocol: `config.capabilities`, else what the target declares (the embedded reference its own). */
  capabilities: TargetCapabilities;
  /**
   * Pause between the events of a run of the embedded reference, for the worker of a spec file that needs runs lasting
   * longer than something it does mid-run (a real backend's runs are slow by nature; other targets ignore it).
   * @example test.use({ referenceLatencyMs: 1000 })
   */
  referenceLatencyMs: number | undefined;
}

const rethrowFromWorker = (error: unknown, what: string): never => {
  if (error instanceof UsageError)
    throw new UsageError(error.code, `${USAGE_MARKER} ${error.message} [${error.code}]`, { cause: error });
  if (error instanceof GoldpathError && error.exitCode !== 3) throw error;
  throw asInfrastructureFailure(error, what);
};

/**
 * Playwright Test with goldpath's fixtures: `target`, `users`, `history`, `load`, `expectations`.
 * @example
 * test('golden path for one user', async ({ users }) => {
 *   const [alice] = await users.connect(1);
 *   expect((await alice.startAgent('Plan my week [tools:1]').completed()).status).toBe('completed');
 * });
 */
export const test = base.extend<GoldpathTestFixtures, GoldpathWorkerFixtures>({
  goldpathConfig: [
    async ({}, use) => {
      let config: GoldpathConfig;
      try {
        config = await resolveRunConfig();
      } catch (error) {
        return rethrowFromWorker(error, 'reading the goldpath config');
      }
      await use(config);
    },
    { scope: 'worker' },
  ],

  clientStats: [
    async ({}, use) => {
      const stats = { ...createClientStats(), findings: 0 };
      let last = '';
      const emit = (): void => {
        const line = formatProgressLine({
          pid: process.pid,
          users: stats.connected,
          requests: stats.requests,
          runs: stats.runsDone,
          events: stats.events,
          findings: stats.findings,
        });
        if (line !== last) process.stdout.write(line);
        last = line;
      };
      const timer = setInterval(emit, 500);
      timer.unref();
      await use(stats);
      clearInterval(timer);
      emit();
    },
    { scope: 'worker', auto: true },
  ],

  referenceLatencyMs: [undefined, { scope: 'worker', option: true }],

  target: [
    async ({ goldpathConfig, referenceLatencyMs }, use) => {
      let target: StartedTarget;
      const { outDir } = resolveRunIdentity(goldpathConfig.reports.outDir);
      const embedded = goldpathConfig.target;
      const config =
        referenceLatencyMs !== undefined && embedded.kind === 'embedded'
          ? {
              ...goldpathConfig,
              target: { ...embedded, reference: { ...embedded.reference, latencyMs: referenceLatencyMs } },
            }
          : goldpathConfig;
      try {
        target = await startTarget(config, { logDir: outDir });
      } catch (error) {
        const what = `starting the ${goldpathConfig.target.kind} target`;
        // the same for every worker: stop the run once instead of failing every scenario
        if (error instanceof InfrastructureError)
          recordSuiteStop(outDir, { code: error.code, line: `${what}: ${error.message}`, scenario: what });
        return rethrowFromWorker(error, what);
      }
      try {
        await use(target);
      } finally {
        await target.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  capabilities: [
    async ({ target, goldpathConfig }, use) => {
      const declared = goldpathConfig.capabilities ?? target.capabilities ?? Capabilities.parse({});
      await use({ ...declared, metrics: target.metrics !== undefined });
    },
    { scope: 'worker' },
  ],

  expectations: [{}, { option: true }],

  suiteStop: [
    async ({ goldpathConfig }, use, testInfo) => {
      const gate = new SuiteStopGate({
        outDir: resolveRunIdentity(goldpathConfig.reports.outDir).outDir,
        credentials: describeCredentials(goldpathConfig.auth, goldpathConfig.tokenTransport),
      });
      const stop = gate.stopped();
      testInfo.skip(stop !== undefined, `not run: ${stop?.line ?? ''}`);
      await use(gate);
    },
    { auto: true },
  ],

  requires: [[], { option: true }],

  capabilityGate: [
    async ({ requires, capabilities }, use, testInfo) => {
      const reason = missingRequirements(capabilities, requires);
      testInfo.skip(reason !== undefined, reason);
      await use();
    },
    { auto: true },
  ],

  history: async ({ target, goldpathConfig, expectations, clientStats, suiteStop }, use, testInfo) => {
    const { outDir, runId } = resolveRunIdentity(goldpathConfig.reports.outDir);
    const path = `${outDir}/histories/${historyFileName({ titlePath: testInfo.titlePath, testId: testInfo.testId, repeatEachIndex: testInfo.repeatEachIndex, retry: testInfo.retry, project: testInfo.project.name })}`;
    const name = testInfo.titlePath.slice(1).join(' › ');
    const resolved: Expectations = {
      maxGapMs: goldpathConfig.sla.maxGapMs,
      runDeadlineMs: goldpathConfig.sla.runDeadlineMs,
      startSlaMs: goldpathConfig.sla.startSlaMs,
      ...expectations,
    };
    const writer = await HistoryWriter.open(path, {
      scenario: name,
      target: target.label,
      expectations: resolved,
      dialect: goldpathConfig.dialect,
      maxFrameBytes: goldpathConfig.recorder.maxFrameBytes,
      meta: {
        runId,
        project: testInfo.project.name,
        file: relative(testInfo.project.testDir, testInfo.file),
        repeatEachIndex: testInfo.repeatEachIndex,
        retry: testInfo.retry,
      },
    });
    const first = await snapshot(target);
    if ('metrics' in first) writer.metrics('before', first.metrics);
    else writer.mark(RESOURCES_NOT_CHECKED, { phase: 'before', reason: first.unavailable });
    const started = performance.now();
    const stopSampling = sampleHarnessLoad((load) => writer.mark(HARNESS_LOAD_MARK, load), {
      users: () => clientStats.connected,
    });
    try {
      await use(writer);
    } finally {
      stopSampling();
    }
    // the users fixture has closed every socket by now; let engines drain, then snapshot
    if ('metrics' in first) {
      const floor = activeEngines(first.metrics) ?? 0;
      const last = await waitFor(
        async () => {
          const m = await snapshot(target);
          return 'metrics' in m && (activeEngines(m.metrics) ?? 0) > floor ? undefined : m;
        },
        { what: 'engines still active', timeoutMs: 3000, intervalMs: 50 },
      ).catch(async () => snapshot(target));
      if ('metrics' in last) writer.metrics('after', last.metrics);
      else writer.mark(RESOURCES_NOT_CHECKED, { phase: 'after', reason: last.unavailable });
    }
    await writer.close();
    if (suiteStop.hit) {
      // the run stopped here: the history shows what the target did, the scenario's error says why
      await testInfo.attach('goldpath-history', { body: `${relative(outDir, path)}\n`, contentType: 'text/uri-list' });
      return;
    }
    const check = await checkHistoryFile(path, {
      unknownEvents: goldpathConfig.unknownEvents,
      contract: goldpathConfig.contract,
    });
    const errors = check.findings.filter((f) => f.severity === 'error');
    const summary = scenarioSummaryOf(check, {
      name,
      file: scenarioFile(testInfo.file),
      project: testInfo.project.name,
      histories: [relative(outDir, path)],
      durationMs: performance.now() - started,
    });
    // a link, not a copy: the history is stored once, in histories/ (test-results and playwright-report only point to it)
    await testInfo.attach('goldpath-history', { body: `${relative(outDir, path)}\n`, contentType: 'text/uri-list' });
    await testInfo.attach('goldpath-findings', {
      body: JSON.stringify(check.findings.slice(0, MAX_FINDINGS_PER_SCENARIO), null, 2),
      contentType: 'application/json',
    });
    await testInfo.attach('goldpath-scenario', { body: JSON.stringify(summary), contentType: 'application/json' });
    clientStats.findings += errors.length;
    const overload =
      errors.find((f) => f.code === 'infra.harness_overloaded')?.message ??
      overloadedFailure(testInfo.errors.length > 0, check.harnessLoad);
    if (overload !== undefined)
      throw asInfrastructureFailure(new InfrastructureError('GOLDPATH_HARNESS_OVERLOADED', overload));
    if (errors.length > 0) throw new Error(formatFindings(errors, { color: false, scenario: name }));
  },

  users: async ({ target, goldpathConfig, history, clientStats, suiteStop }, use, testInfo) => {
    const { runId } = resolveRunIdentity(goldpathConfig.reports.outDir);
    const pool = await UserPool.open({
      target,
      config: goldpathConfig,
      suiteStop,
      scenario: testInfo.title,
      tag: poolTag(runId, testInfo.testId, testInfo.repeatEachIndex, testInfo.retry),
      record: (socket, meta) => attachRecorder(socket, history, meta),
      stats: clientStats,
    }).catch((error: unknown) => rethrowFromWorker(error, 'labelling the static-auth users'));
    await use(pool);
    await pool.closeAll();
  },

  load: async ({ users, goldpathConfig }, use) => {
    const override = goldpathConfig.users;
    await use({
      users: override,
      scale: (n) => override ?? n,
      async run(profile, iteration, options = {}) {
        const result = await runLoad(
          options.unscaled === true ? profile : scaleProfile(profile, override),
          users,
          iteration,
          options.connectConcurrency === undefined ? {} : { connectConcurrency: options.connectConcurrency },
        );
        if (!options.allowFailures && result.failures.length > 0) {
          const first = result.failures
            .slice(0, 3)
            .map((e) => `  - ${e.message}`)
            .join('\n');
          throw new Error(
            `${result.failures.length} of ${result.iterations} iterations failed (${result.users} users); first:\n${first}`,
          );
        }
        return result;
      },
    });
  },
});

/**
 * A scenario that failed on its own (a wait ran out) while goldpath's event loop stalled past SEVERE_LOOP_DELAY_MS
 * cannot blame the backend: its deadlines ran on a loop that was not turning.
 */
function overloadedFailure(failed: boolean, load: HarnessLoad | undefined): string | undefined {
  if (!failed || load === undefined || load.eventLoopMaxMs < SEVERE_LOOP_DELAY_MS) return undefined;
  return `goldpath could not keep up: event-loop delay p99 ${load.eventLoopP99Ms} ms (max ${load.eventLoopMaxMs} ms, CPU ${load.cpuPercent} %) at ${load.users} users while the scenario's waits ran out; use fewer users per worker, more workers or shards`;
}

/** The target's factory metrics, or why there are none (said in the history, so the resources check reports it). */
async function snapshot(
  target: StartedTarget,
): Promise<{ metrics: Record<string, unknown> } | { unavailable: string }> {
  if (!target.metrics) return { unavailable: 'the target declares no metrics endpoint (target.metricsPath)' };
  try {
    return { metrics: flattenMetrics(await target.metrics()) };
  } catch (error) {
    return { unavailable: `reading the metrics of ${target.label} failed: ${(error as Error).message}` };
  }
}

export { expect };
