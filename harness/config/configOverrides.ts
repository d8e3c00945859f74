import { UsageError } from '../common/GoldpathError.ts';
import type { GoldpathConfigInput } from './GoldpathConfig.ts';
import { OPTIONS, type OptionName, type OptionSpec, type OptionValues } from './optionTable.ts';

/**
 * The config overrides of option values: each value at its entry's path (or its `toConfig`), merged in table order.
 * @example configOverrides({ target: 'ws://127.0.0.1:8000/ws', secret: 's3cret', users: 20 })
 */
export function configOverrides(values: OptionValues): GoldpathConfigInput {
  const embeddedOnly = values.defects !== undefined || values.factoryPath !== undefined;
  if (embeddedOnly && values.target !== undefined && values.target !== 'embedded') {
    throw new UsageError(
      'GOLDPATH_DEFECTS_NEED_EMBEDDED',
      '--defects and --factory-path configure the embedded reference backend; drop them or use --target embedded.',
    );
  }
  let out: Record<string, unknown> = {};
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const spec = OPTIONS[name] as OptionSpec<unknown>;
    const value = values[name];
    if (value === undefined || spec.path === undefined) continue;
    // no --project: the config's projects (an empty list of defects, by contrast, switches them all off)
    if (Array.isArray(value) && value.length === 0 && name === 'project') continue;
    const part = spec.toConfig ? spec.toConfig(value) : atPath(spec.path, value);
    out = mergeOverrides(out, part as Record<string, unknown>);
  }
  return out as GoldpathConfigInput;
}

/** The option values GOLDPATH_* variables give (for `npx playwright test`, where no flag is parsed). */
export function envValues(env: NodeJS.ProcessEnv = process.env): OptionValues {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const spec = OPTIONS[name] as OptionSpec<unknown>;
    const text = spec.env === undefined ? undefined : env[spec.env];
    if (text === undefined || text === '' || spec.env === undefined) continue;
    out[name] = spec.parse ? spec.parse(text, spec.env, undefined) : true;
  }
  return out as OptionValues;
}

/** The GOLDPATH_* variables of the table (a launched run removes them: its written config already holds them). */
export const OPTION_ENV_NAMES: readonly string[] = (Object.values(OPTIONS) as OptionSpec<unknown>[]).flatMap((s) =>
  s.env === undefined ? [] : [s.env],
);

/** The flag whose value lands on a config path, for messages about that key. */
export function flagOfPath(path: string): string | undefined {
  const spec = (Object.values(OPTIONS) as OptionSpec<unknown>[]).find((s) => s.path === path);
  return spec?.flags.split(' ')[0];
}

function atPath(path: string, value: unknown): Record<string, unknown> {
  let out = value;
  for (const key of path.split('.').reverse()) out = { [key]: out };
  return out as Record<string, unknown>;
}

/** Deep-merges two override objects (an override's own parts never conflict: later entries refine earlier ones). */
function mergeOverrides(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prev = out[key];
    out[key] = isPlain(prev) && isPlain(value) ? mergeOverrides(prev, value) : value;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
