import { z } from 'zod';

export const IMPORT_CENSUS_FORMAT = 'goldpath.imports';

/**
 * One import path of a migration: a Python module and the names imported from it (empty = any name).
 * @example { name: 'compat', module: 'netra_backend.app.core.managers.execution_engine_factory', names: ['ExecutionEngineFactory'] }
 */
export const ImportCategory = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" and "-"'),
  module: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted Python module path'),
  names: z.array(z.string().min(1)).default([]),
  description: z.string().optional(),
});
export type ImportCategory = z.infer<typeof ImportCategory>;

/** What a census looks for and how it tells test files from production files; every key has a default. */
export const ImportCensusOptions = z.strictObject({
  categories: z
    .array(ImportCategory)
    .min(1)
    .refine((c) => new Set(c.map((x) => x.name)).size === c.length, 'category names must be unique')
    .optional(),
  /** Globs (relative to the scanned folder, `**` any folders, `*` within one name) of test files. */
  testPaths: z.array(z.string().min(1)).optional(),
  /** Globs of folders and files never read. */
  exclude: z.array(z.string().min(1)).optional(),
  /** Paths (suffixes of a file's path) of the files whose imports matter most. */
  criticalFiles: z.array(z.string().min(1)).optional(),
});
export type ImportCensusOptions = z.infer<typeof ImportCensusOptions>;

/** Where an import statement sits, when it is not plain module level. */
export const ImportContext = z.enum(['function', 'class', 'try-import-error', 'type-checking', 'conditional']);
export type ImportContext = z.infer<typeof ImportContext>;

/** One import statement that reaches a category. */
export const ImportSite = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  test: z.boolean(),
  /** The statement as written, on one line. */
  statement: z.string(),
  /** The names it takes from the module (`*` for a star import, the module itself for `import a.b`). */
  names: z.array(z.string()),
  context: z.array(ImportContext),
});
export type ImportSite = z.infer<typeof ImportSite>;

/** A string or comment that names a category's module without importing it (a patch target, a doc, a dead import). */
export const ImportMention = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  test: z.boolean(),
  kind: z.enum(['string', 'comment']),
  text: z.string(),
});
export type ImportMention = z.infer<typeof ImportMention>;

export const CategoryCensus = z.object({
  name: z.string(),
  module: z.string(),
  names: z.array(z.string()),
  productionFiles: z.array(z.string()),
  testFiles: z.array(z.string()),
  /** Import sites (statements) in all files; `productionSites + testSites`. */
  sites: z.number().int().nonnegative(),
  productionSites: z.number().int().nonnegative(),
  testSites: z.number().int().nonnegative(),
  imports: z.array(ImportSite),
  /** Statements that import the module but none of `names` (e.g. a helper it also defines): listed, not counted. */
  otherImports: z.array(ImportSite),
  /** Files that name the module in strings or comments (whether or not they also import it); a mention never counts as an import. */
  mentionFiles: z.array(z.string()),
  mentions: z.array(ImportMention),
});
export type CategoryCensus = z.infer<typeof CategoryCensus>;

export const IntegrationPoint = z.object({
  path: z.string(),
  /** The file found for the path, or absent when the tree has none. */
  file: z.string().optional(),
  categories: z.array(z.string()),
});
export type IntegrationPoint = z.infer<typeof IntegrationPoint>;

/**
 * imports.json: per category the files (production and test) and import sites found in one Python source tree.
 * @example goldpath imports ../netra-backend --out reports/imports
 */
export const ImportCensus = z.object({
  format: z.literal(IMPORT_CENSUS_FORMAT),
  version: z.literal(1),
  /** The folder scanned, or `<ref> (<commit>)` for a git ref. */
  source: z.string(),
  commit: z.string().optional(),
  /** Dotted package of the scanned folder itself ("" when it is a source root). */
  package: z.string(),
  durationMs: z.number().nonnegative(),
  files: z.object({
    total: z.number().int().nonnegative(),
    production: z.number().int().nonnegative(),
    test: z.number().int().nonnegative(),
    /**
     * Files given to the parser: those that spell the last part of a category's module name (every import of a module
     * does, but a relative one from inside that module's own package, which is parsed too); the others cannot import one.
     */
    parsed: z.number().int().nonnegative(),
    /** Files the parser could only partly read (syntax errors); their readable imports still count. */
    withSyntaxErrors: z.array(z.string()),
    /** Files that could not be read at all. */
    unreadable: z.array(z.string()),
  }),
  testPaths: z.array(z.string()),
  categories: z.array(CategoryCensus),
  integrationPoints: z.array(IntegrationPoint),
});
export type ImportCensus = z.infer<typeof ImportCensus>;

/** One file whose categories differ between two refs. */
export const ImportMove = z.object({
  file: z.string(),
  test: z.boolean(),
  from: z.array(z.string()),
  to: z.array(z.string()),
});
export type ImportMove = z.infer<typeof ImportMove>;

/** imports-diff.json: what a change did to the import paths (files that moved between categories). */
export const ImportCensusDiff = z.object({
  format: z.literal('goldpath.imports-diff'),
  version: z.literal(1),
  from: z.string(),
  to: z.string(),
  moved: z.array(ImportMove),
  categories: z.array(
    z.object({
      name: z.string(),
      before: z.object({ production: z.number().int(), test: z.number().int() }),
      after: z.object({ production: z.number().int(), test: z.number().int() }),
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  ),
});
export type ImportCensusDiff = z.infer<typeof ImportCensusDiff>;

/** A bound on a file count: a number is the most allowed (`0`: none left), or give `min` and/or `max`. */
export const ImportBound = z.union([
  z.number().int().nonnegative(),
  z
    .strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })
    .refine((b) => b.min !== undefined || b.max !== undefined, 'give min, max or both'),
]);
export type ImportBound = z.infer<typeof ImportBound>;

/**
 * What must hold for a step's code, per category: how many production, test or all files may still import it.
 * @example { compat: { production: 0 }, canonical: { production: { min: 3 } } }
 */
export const ImportExpect = z.record(
  z.string(),
  z.strictObject({ production: ImportBound.optional(), test: ImportBound.optional(), total: ImportBound.optional() }),
);
export type ImportExpect = z.infer<typeof ImportExpect>;

/** One expectation checked against a census, with the files it counted. */
export const ImportCheck = z.object({
  category: z.string(),
  scope: z.enum(['production', 'test', 'total']),
  expected: z.string(),
  actual: z.number().int().nonnegative(),
  pass: z.boolean(),
  files: z.array(z.string()),
});
export type ImportCheck = z.infer<typeof ImportCheck>;

/** A step's import gate: the census of its code and whether its expectations hold. */
export const ImportGate = z.object({
  source: z.string(),
  commit: z.string().optional(),
  status: z.enum(['PASS', 'FAIL', 'ERROR', 'RECORDED']),
  message: z.string(),
  checks: z.array(ImportCheck),
  /** Per category: files importing it (production, test), import sites, and files that mention it in strings or comments. */
  counts: z.array(
    z.object({
      category: z.string(),
      production: z.number().int(),
      test: z.number().int(),
      sites: z.number().int(),
      mentions: z.number().int(),
    }),
  ),
  /** The census files, relative to the migration's out dir. */
  reports: z.array(z.string()),
});
export type ImportGate = z.infer<typeof ImportGate>;
