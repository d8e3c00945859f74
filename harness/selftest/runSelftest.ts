import { resolve } from 'node:path';
import { DEFECT_NAMES } from '../../reference/defects/defectCatalog.ts';
import { parseDefects } from '../../reference/defects/parseDefects.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { loadConfig, type GoldpathConfig } from '../config/index.ts';
import { runSuite } from '../runner/launch/runSuite.ts';
import { DEFECT_EXPECTATIONS, type DefectExpectation } from './defectExpectations.ts';
import { detectDefect } from './detectDefect.ts';
import { measureIntermittent } from './measureIntermittent.ts';
import { runClean } from './runClean.ts';
import { leakMath, LEAK_PROBABILITY } from './leakMath.ts';
import type { RunSuiteFn, SelftestContext } from './SelftestContext.ts';
import { SELFTEST_FORMAT, SELFTEST_VERSION, type SelftestMatrix } from '../../contracts/SelftestMatrix.ts';

export interface SelftestOptions {
  /** Defect names to prove (default every defect of the catalog). */
  defects?: string[];
  /** Replaces DEFECT_EXPECTATIONS (tests use it to prove a wrong expectation is reported). */
  expectations?: readonly DefectExpectation[];
  /** --repeat-each of the clean run (default 20). */
  repeatClean?: number;
  skipClean?: boolean;
  /** Scenarios and projects of the clean and intermittent runs (default the protocol project, every scenario). */
  scenario?: string;
  project?: string[];
  /** Intermittent defects measured over `intermittentPasses` passes (default shared-emitter@0.05, cross-user-cache@0.05). */
  intermittent?: string[];
  intermittentPasses?: number;
  /** Users of every defect run (default each expectation's own). */
  users?: number;
  /** Default reports/selftest. */
  outDir?: string;
  /** How long a run a defect starves is awaited (default 8000 ms instead of the SLA's 60 s). */
  runDeadlineMs?: number;
  configFile?: string;
  config?: GoldpathConfig;
  /** Defect runs at once (default 1: the machine's cores go to Playwright's two workers). */
  concurrency?: number;
  /** Ceiling of each suite run (default 10 min). */
  timeoutMs?: number;
  run?: RunSuiteFn;
  now?: () => number;
  /** One line per finished step. */
  progress?: (line: string) => void;
}

export const DEFAULT_INTERMITTENT = ['shared-emitter@0.05', 'cross-user-cache@0.05'];

/**
 * Proves the harness catches every defect of the reference backend (each alone, on the scenarios that provoke it),
 * that the clean backend gives zero findings over repeated passes, and how often intermittent variants are caught.
 * @example const matrix = await runSelftest({ defects: ['drop-thinking'], skipClean: true, intermittent: [] })
 */
export async function runSelftest(options: SelftestOptions = {}): Promise<SelftestMatrix> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const runDeadlineMs = options.runDeadlineMs ?? 8000;
  const loaded =
    options.config ?? (await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {}));
  const config: GoldpathConfig = {
    ...loaded,
    sla: { ...loaded.sla, runDeadlineMs: Math.min(loaded.sla.runDeadlineMs, runDeadlineMs) },
  };
  if (config.target.kind !== 'embedded') {
    throw new UsageError(
      'GOLDPATH_SELFTEST_NEEDS_EMBEDDED',
      'goldpath selftest switches defects of the embedded reference backend: drop --target or set target.kind "embedded".',
    );
  }
  const expectations = selectExpectations(options);
  const intermittent = options.intermittent ?? DEFAULT_INTERMITTENT;
  for (const spec of intermittent) parseDefectsOrThrow(spec);
  const ctx: SelftestContext = {
    run: options.run ?? runSuite,
    config,
    outDir: resolve(options.outDir ?? 'reports/selftest'),
    timeoutMs: options.timeoutMs ?? 10 * 60_000,
    now,
    ...(options.users !== undefined && { users: options.users }),
  };
  const progress = options.progress ?? (() => {});
  const suite = {
    project: options.project ?? ['protocol'],
    ...(options.scenario !== undefined && { scenario: options.scenario }),
  };

  const rows = await mapBounded(expectations, options.concurrency ?? 1, async (expectation) => {
    const row = await detectDefect(expectation, ctx);
    progress(
      `${row.status === 'detected' ? '✓' : '✗'} ${row.spec}: ${row.status} (${
        Object.entries(row.matched)
          .map(([c, n]) => `${c} ×${n}`)
          .join(', ') || row.note
      }) in ${Math.round(row.runMs)} ms`,
    );
    return row;
  });

  const clean = options.skipClean
    ? undefined
    : await runClean(ctx, { repeatEach: options.repeatClean ?? 20, ...suite });
  if (clean)
    progress(
      `${clean.status === 'clean' ? '✓' : '✗'} clean backend ×${clean.repeatEach}: ${clean.findings} findings, ${clean.failed} failed of ${clean.scenarios} in ${Math.round(clean.durationMs)} ms`,
    );

  const measured = [];
  for (const spec of intermittent) {
    const result = await measureIntermittent(spec, ctx, { passes: options.intermittentPasses ?? 5, ...suite });
    progress(
      `${spec}: detected in ${result.detectedPasses}/${result.passes} passes, ${result.detectedRuns}/${result.struckRuns} struck runs seen`,
    );
    measured.push(result);
  }

  const leak = leakMath(LEAK_PROBABILITY, 1);

  const problems = [
    ...rows.filter((r) => r.status !== 'detected').map((r) => `${r.spec} not detected (${r.status}): ${r.note ?? ''}`),
    ...(clean && clean.status !== 'clean'
      ? [
          `the clean backend gave ${clean.findings} findings and ${clean.failed} failed scenarios over ${clean.repeatEach} repetitions (${
            Object.entries(clean.findingsByCode)
              .map(([c, n]) => `${c} ×${n}`)
              .join(', ') || `exit ${clean.exitCode}`
          }); see ${clean.outDir}`,
        ]
      : []),
  ];
  return {
    format: SELFTEST_FORMAT,
    version: SELFTEST_VERSION,
    createdAt: new Date().toISOString(),
    durationMs: now() - started,
    runDeadlineMs,
    defects: rows,
    ...(clean && { clean }),
    intermittent: measured,
    leak,
    passed: problems.length === 0,
    problems,
  };
}

function selectExpectations(options: SelftestOptions): DefectExpectation[] {
  const all: DefectExpectation[] = options.expectations
    ? [...options.expectations]
    : Object.values(DEFECT_EXPECTATIONS);
  if (options.defects === undefined) return all;
  const unknown = options.defects.filter((d) => !(DEFECT_NAMES as readonly string[]).includes(d));
  if (unknown.length > 0)
    throw new UsageError(
      'GOLDPATH_SELFTEST_UNKNOWN_DEFECT',
      `unknown defect ${unknown.map((d) => `"${d}"`).join(', ')}: expected names from ${DEFECT_NAMES.join(', ')}.`,
    );
  return all.filter((e) => options.defects!.includes(e.defect));
}

function parseDefectsOrThrow(spec: string): void {
  try {
    parseDefects(spec);
  } catch (error) {
    throw new UsageError('GOLDPATH_SELFTEST_BAD_INTERMITTENT', `${(error as Error).message}`);
  }
}

async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}
