import { z } from 'zod';
import { ImportCensusOptions, ImportExpect } from './ImportCensus.ts';
import { FactoryPath, TargetConfig } from './TargetConfig.ts';

export const PLAN_FORMAT = 'goldpath.plan';
export const PLAN_VERSION = 1;

/** The state of the embedded reference backend at one step: which factory import path its code uses, which defects are on. */
export const ReferenceState = z.strictObject({
  factoryPath: FactoryPath,
  defects: z.array(z.string()).default([]),
});
export type ReferenceState = z.infer<typeof ReferenceState>;

/**
 * What a point's code must look like: the import census of `source` (a folder relative to the plan, or a git ref of
 * `repo`) and per category how many files may still import it.
 * @example { source: 'migration/step-2', expect: { compat: { production: 0 } } }
 */
export const PlanImports = z.strictObject({
  source: z.string().min(1),
  /** The git repository (relative to the plan) in which `source` is a ref; default the plan's `imports.repo`, then the current folder's. */
  repo: z.string().optional(),
  /** With a ref: the folder inside the repository to scan (default its root). */
  path: z.string().optional(),
  expect: ImportExpect.optional(),
});
export type PlanImports = z.infer<typeof PlanImports>;

/**
 * How to reach the backend as it is at one point of the migration: the reference backend in a given state,
 * a target (url, process or container, e.g. a build of that commit), or a goldpath config file (relative to the plan).
 */
export const PlanPoint = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-" (it names a report folder)'),
    title: z.string().min(1),
    description: z.string().optional(),
    reference: ReferenceState.optional(),
    target: TargetConfig.optional(),
    config: z.string().optional(),
    /** The step gate on the code: the census must meet `expect` for the point to be GO. */
    imports: PlanImports.optional(),
  })
  .refine(
    (p) => [p.reference, p.target].filter((x) => x !== undefined).length <= 1,
    'give either "reference" or "target", not both',
  );
export type PlanPoint = z.infer<typeof PlanPoint>;

/** What every run of the plan uses: a scenario selection and scale kept small enough for CI. */
export const PlanRun = z.strictObject({
  scenario: z.string().optional(),
  users: z.number().int().positive().optional(),
  project: z.array(z.string()).optional(),
  workers: z.number().int().positive().optional(),
  /** Baseline passes (noise needs 2 or more). */
  passes: z.number().int().positive().default(2),
});
export type PlanRun = z.infer<typeof PlanRun>;

/**
 * A migration plan: record the baseline, then validate each step in order; stop at the first step that is not PASS.
 * @example goldpath migrate --plan plans/seed-migration.json
 */
export const MigrationPlan = z
  .strictObject({
    $schema: z.string().optional(),
    format: z.literal(PLAN_FORMAT),
    version: z.literal(PLAN_VERSION),
    name: z.string().min(1),
    description: z.string().optional(),
    /** A goldpath config file (relative to the plan) for every point; `goldpath migrate --config` replaces it. */
    config: z.string().optional(),
    run: PlanRun.default({ passes: 2 }),
    /** The census settings of every point's `imports` (categories, test paths, ...) and the default git repository. */
    imports: z.strictObject({ ...ImportCensusOptions.shape, repo: z.string().optional() }).optional(),
    baseline: PlanPoint,
    steps: z.array(PlanPoint).min(1),
  })
  .refine(
    (p) => new Set([p.baseline.name, ...p.steps.map((s) => s.name)]).size === p.steps.length + 1,
    'baseline and step names must be unique',
  )
  .refine((p) => p.baseline.imports?.expect === undefined, {
    message: 'the baseline records its import census as it is; put "expect" on the steps',
    path: ['baseline', 'imports', 'expect'],
  });
export type MigrationPlan = z.infer<typeof MigrationPlan>;
