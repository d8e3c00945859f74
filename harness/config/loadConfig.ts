import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../common/GoldpathError.ts';
import { GoldpathConfig, type GoldpathConfigInput } from './GoldpathConfig.ts';
import { flagOfPath } from './configOverrides.ts';

export const CONFIG_FILE_NAMES = [
  'goldpath.config.ts',
  'goldpath.config.mts',
  'goldpath.config.mjs',
  'goldpath.config.js',
];

/** The nearest goldpath.config.{ts,mts,mjs,js}: in `cwd`, else in the closest folder above it that has one. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
    if (found !== undefined || dirname(dir) === dir) return found;
  }
}

/** Validates a config object; a wrong key or value is a UsageError that names the key and how to fix it. */
export function parseConfig(input: unknown, source = 'config'): GoldpathConfig {
  const result = GoldpathConfig.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}.` : '';
      return `unknown key ${issue.keys.map((k) => `"${where}${k}"`).join(', ')}: remove it or check its spelling`;
    }
    const flag = flagOfPath(key);
    return `${key}${flag !== undefined ? ` (${flag})` : ''}: ${issue.message}`;
  });
  throw new UsageError('GOLDPATH_CONFIG_INVALID', `invalid ${source}:\n  - ${lines.join('\n  - ')}`);
}

/** Finds (see findConfigFile) and loads goldpath.config.* (or the given path), then applies CLI overrides on top. */
export async function loadConfig(
  options: { cwd?: string; file?: string; overrides?: GoldpathConfigInput } = {},
): Promise<GoldpathConfig> {
  const cwd = options.cwd ?? process.cwd();
  let input: Record<string, unknown> = {};
  let source = 'config';
  const file = options.file ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (options.file && (!file || !existsSync(file))) {
    throw new UsageError(
      'GOLDPATH_CONFIG_NOT_FOUND',
      `config file ${options.file} not found. Create it with defineConfig() or drop --config.`,
    );
  }
  if (file) {
    source = file;
    let mod: { default?: unknown };
    try {
      mod = (await importConfigModule(file)) as { default?: unknown };
    } catch (error) {
      throw new UsageError(
        'GOLDPATH_CONFIG_LOAD_FAILED',
        `config file ${file} could not be loaded: ${firstLine(error)}. Fix the file (or point --config at another one).`,
        { cause: error },
      );
    }
    if (mod.default === undefined || typeof mod.default !== 'object') {
      throw new UsageError('GOLDPATH_CONFIG_NO_DEFAULT', `${file} must export default defineConfig({...}).`);
    }
    input = mod.default as Record<string, unknown>;
  }
  return parseConfig(mergeConfig(input, options.overrides ?? {}), source);
}

/**
 * Imports a config module. From the built package a .ts/.mts config goes through tsx (a dependency of goldpath), so a
 * team writes its config in TypeScript without installing anything; from the sources the loader in use handles it.
 */
async function importConfigModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (!/\.m?ts$/.test(file) || import.meta.url.endsWith('.ts')) return import(url);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(url, import.meta.url);
}

/** Deep-merges plain objects; arrays and scalars of `over` replace those of `base`. */
export function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    if (isPlain(prev) && isPlain(value) && !('kind' in value && prev.kind !== value.kind)) {
      out[key] = mergeConfig(prev, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The first line of an error's message, without the stack: what a user needs to find the problem. */
function firstLine(error: unknown): string {
  const message =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  const text = (
    lines[0]?.endsWith(':') && lines[1] !== undefined ? `${lines[0]} ${lines[1]}` : (lines[0] ?? 'unknown error')
  ).replace(/[.:]$/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
