import { UsageError } from '../common/GoldpathError.ts';
import { z } from 'zod';
import { commaList, duration, wholeNumber } from './optionParsers.ts';
import { parseClaim, type TokenClaims } from './parseClaim.ts';

/** The commands whose options come from this table. */
export type CommandName = 'run' | 'baseline' | 'validate' | 'migrate' | 'selftest' | 'check' | 'merge' | 'imports';

/**
 * One option of the CLI: where its value lands in the config (`path`; absent for options of the launch itself, such as
 * --out), its flag, help, the variable that may give it, how its text becomes a value and which commands take it.
 */
export interface OptionSpec<T> {
  /** Dotted config path of the value, e.g. `target.reference.defects`. */
  path?: string;
  /** Commander flags: `--users <n>`, `--project <name...>`, `--quiet`. */
  flags: string;
  description: string;
  /** A command's own wording of the description (its default differs, say). */
  help?: Partial<Record<CommandName, string>>;
  commands: readonly CommandName[];
  env?: string;
  choices?: readonly string[];
  /** The commander default, for options no config value stands behind. */
  cliDefault?: T;
  /** Text → value; `source` is the flag or variable it came from, `previous` the value so far (repeatable flags). */
  parse?: (text: string, source: string, previous: T | undefined) => T;
  /** The config the value stands for, when it is more than the value at `path` (a URL target, a secret). */
  toConfig?: (value: T) => ConfigPart;
}

/** A part of a config input (typed loosely here: the config's own schema is built from this table). */
type ConfigPart = Record<string, unknown>;

/** An option that is a top-level setting of its own: its schema is the config key's (GoldpathConfig spreads it in). */
type Setting<S extends z.ZodType> = OptionSpec<z.output<S>> & { path: string; schema: S };

const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec;
const setting = <S extends z.ZodType>(schema: S, spec: OptionSpec<z.output<S>> & { path: string }): Setting<S> => ({
  ...spec,
  schema,
});
const text = (t: string): string => t;
/** One of `choices` (commander checks flags against them too, and lists them in the help). */
function oneOf<const C extends readonly string[]>(choices: C) {
  return {
    choices,
    parse: (t: string, source: string): C[number] => {
      if ((choices as readonly string[]).includes(t)) return t;
      throw new UsageError('GOLDPATH_BAD_FLAG', `${source} ${t}: expected one of ${choices.join(', ')}.`);
    },
  };
}
const suite = ['run', 'baseline', 'validate'] as const;

/**
 * Every option of every command, keyed by the name its value has in code (runSuite's options, the commands' actions).
 * Adding a flag: an entry here, and the code that reads its value; help, parsing, GOLDPATH_* variables and the config
 * override follow from the entry.
 */
export const OPTIONS = {
  target: option<string>({
    path: 'target',
    flags: '--target <target>',
    description: '"embedded" (the reference backend, default) or a ws(s):// URL',
    commands: suite,
    env: 'GOLDPATH_TARGET',
    parse: text,
    toConfig: targetOf,
  }),
  scenario: option<string>({
    path: 'scenario',
    flags: '--scenario <glob>',
    description: 'only scenarios whose title or file matches (glob with * and ?, or a regex)',
    help: { selftest: 'scenarios of the clean and intermittent runs (default all)' },
    commands: [...suite, 'selftest'],
    parse: text,
  }),
  users: option<number>({
    path: 'users',
    flags: '--users <n>',
    description: 'simulated users of the load scenarios',
    help: { run: "simulated users of the load scenarios (replaces each scenario's default)" },
    commands: suite,
    env: 'GOLDPATH_USERS',
    parse: wholeNumber({ min: 1, max: 100_000, example: 50 }),
  }),
  outDir: option<string>({
    flags: '--out <dir>',
    description: 'report directory of this run (default reports/<run-id>)',
    help: { selftest: 'output directory (default reports/selftest)' },
    commands: ['run', 'selftest'],
    parse: text,
  }),
  project: option<string[]>({
    path: 'projects',
    flags: '--project <name...>',
    description: 'Playwright projects to run (e.g. protocol)',
    help: { selftest: 'projects of the clean and intermittent runs (default protocol)' },
    commands: [...suite, 'selftest'],
    parse: (t, _source, previous) => [...(previous ?? []), t],
  }),
  repeatEach: setting(z.number().int().positive().optional(), {
    path: 'repeatEach',
    flags: '--repeat-each <n>',
    description: 'run every scenario n times',
    commands: ['run'],
    parse: wholeNumber({ min: 1 }),
  }),
  workers: setting(z.number().int().min(1).max(64).optional(), {
    path: 'workers',
    flags: '--workers <n>',
    description: 'parallel Playwright workers (default 2)',
    commands: suite,
    parse: wholeNumber({ min: 1, max: 64, example: 2 }),
  }),
  shard: setting(
    z
      .string()
      .regex(/^(\d+)\/(\d+)$/, 'expected i/n, e.g. 2/4')
      .refine((t) => {
        const [i, n] = t.split('/').map(Number) as [number, number];
        return i >= 1 && i <= n;
      }, 'expected i/n with 1 ≤ i ≤ n, e.g. 2/4')
      .optional(),
    {
      path: 'shard',
      flags: '--shard <i/n>',
      description: 'run only shard i of n (merge with `goldpath merge <dirs...>`)',
      commands: ['run'],
      parse: text,
    },
  ),
  defects: option<string[]>({
    path: 'target.reference.defects',
    flags: '--defects <list>',
    description: 'switch on reference-backend defects, comma-separated (embedded target only)',
    commands: suite,
    env: 'GOLDPATH_DEFECTS',
    parse: commaList,
    toConfig: (defects) => ({ target: { kind: 'embedded', reference: { defects } } }),
  }),
  factoryPath: option<string>({
    path: 'target.reference.factoryPath',
    flags: '--factory-path <path>',
    description: 'reference factory import path: canonical, compat, unified or mixed',
    commands: suite,
    parse: text,
    toConfig: (factoryPath) => ({ target: { kind: 'embedded', reference: { factoryPath } } }),
  }),
  configFile: option<string>({
    flags: '--config <file>',
    description: 'config file (default the nearest goldpath.config.{ts,mts,mjs,js}, from the current directory upward)',
    help: {
      baseline: 'config file (default goldpath.config.{ts,mjs,js}); its thresholds drive the comparison',
      validate: 'config file (default goldpath.config.{ts,mjs,js}); its thresholds drive the comparison',
      migrate:
        'config file whose SLAs, thresholds, auth and report settings apply to every step (default: the plan\'s "config")',
      merge: 'goldpath config file (for reports.outDir, reports.html, reports.junit, thresholds)',
      imports: 'goldpath config whose "imports" key sets categories, testPaths, exclude and criticalFiles',
      selftest: 'config file (default goldpath.config.{ts,mjs,js})',
    },
    commands: [...suite, 'migrate', 'selftest', 'merge', 'imports'],
    parse: text,
  }),
  suite: setting(z.enum(['builtin', 'own', 'all']).default('all'), {
    path: 'suite',
    flags: '--suite <suite>',
    description: "builtin: goldpath's scenarios; own: your testDir (default scenarios/); all: both (default all)",
    commands: ['run'],
    ...oneOf(['builtin', 'own', 'all']),
  }),
  secret: option<string>({
    path: 'auth.secret',
    flags: '--secret <secret>',
    description: 'HS256 secret for signing test tokens of a url target',
    commands: suite,
    env: 'GOLDPATH_SECRET',
    parse: text,
    toConfig: (secret) => ({ auth: { kind: 'jwt', secret } }),
  }),
  claims: option<TokenClaims>({
    path: 'auth.claims',
    flags: '--claim <key=value>',
    description:
      'add or replace a claim of every signed test token (repeatable; overrides auth.claims), e.g. --claim token_type=access --claim iss=my-auth',
    commands: [...suite, 'migrate', 'selftest'],
    parse: (t, _source, previous) => parseClaim(t, previous),
    toConfig: (claims) => ({ auth: { claims } }),
  }),
  runId: option<string>({
    flags: '--run-id <id>',
    description: 'name of the run (default: a timestamp)',
    commands: ['run'],
    parse: text,
  }),
  maxDurationMs: setting(z.number().int().positive().optional(), {
    path: 'maxDurationMs',
    flags: '--max-duration <duration>',
    description:
      'wall-time budget of the whole suite (e.g. 90s, 15m); then it stops, reports what ran and exits 1 or 3 (default: rounds of scenarios per worker × the scenario deadline + 1 min)',
    commands: ['run'],
    parse: duration,
  }),
  maxFailures: setting(z.number().int().positive().optional(), {
    path: 'maxFailures',
    flags: '--max-failures <n>',
    description:
      'stop the suite after n failed scenarios (fail fast in CI); the rest are reported as not run and the exit code stays 1',
    commands: ['run'],
    parse: wholeNumber({ min: 1 }),
  }),
  contract: option<'lenient' | 'strict'>({
    path: 'contract',
    flags: '--contract <mode>',
    description:
      "strict also reports fields found only away from where a client reads them (contract.field_misplaced); default: the config's contract, else lenient",
    commands: [...suite, 'migrate', 'check'],
    ...oneOf(['lenient', 'strict']),
  }),
  unknownEvents: option<'ignore' | 'warn' | 'error'>({
    path: 'unknownEvents',
    flags: '--unknown-events <mode>',
    description: 'what a server event of an unknown type becomes',
    commands: ['check'],
    ...oneOf(['ignore', 'warn', 'error']),
    cliDefault: 'warn',
  }),
  quiet: option<boolean>({
    flags: '--quiet',
    description: 'print nothing but errors',
    help: {
      baseline: 'print nothing but the result and errors',
      validate: 'print nothing but the result and errors',
      migrate: 'print only errors',
      imports: 'print only errors',
      selftest: 'print nothing but the problems',
    },
    commands: [...suite, 'migrate', 'selftest', 'imports'],
  }),
};

export type OptionName = keyof typeof OPTIONS;
type SettingName = {
  [K in OptionName]: (typeof OPTIONS)[K] extends { schema: z.ZodType } ? K : never;
}[OptionName];

/**
 * The config keys of the settings in the table (workers, repeatEach, shard, ...), by name, for GoldpathConfig's shape.
 * A setting's name is its config key.
 */
export const SETTINGS_SHAPE = Object.fromEntries(
  (Object.entries(OPTIONS) as [string, OptionSpec<unknown> & { schema?: z.ZodType }][]).flatMap(([name, spec]) =>
    spec.schema === undefined ? [] : [[name, spec.schema]],
  ),
) as { [K in SettingName]: (typeof OPTIONS)[K]['schema'] };
type ValueOf<S> = S extends OptionSpec<infer T> ? T : never;
/** The typed values of the options, by name; what commands hand to runSuite. */
export type OptionValues = { [K in OptionName]?: ValueOf<(typeof OPTIONS)[K]> };

/** The option names a command takes, in table order. */
export function optionsOf(command: CommandName): OptionName[] {
  return (Object.keys(OPTIONS) as OptionName[]).filter((name) =>
    (OPTIONS[name].commands as readonly CommandName[]).includes(command),
  );
}

function targetOf(target: string): ConfigPart {
  if (target === 'embedded') return { target: { kind: 'embedded' } };
  if (/^wss?:\/\//.test(target)) return { target: { kind: 'url', wsUrl: target } };
  throw new UsageError(
    'GOLDPATH_BAD_TARGET',
    `--target ${target}: expected "embedded" or a ws:// or wss:// URL such as ws://127.0.0.1:8000/ws.`,
  );
}
