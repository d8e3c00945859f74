import { readFileSync } from 'node:fs';
import { loadConfig, mergeConfig, parseConfig, type GoldpathConfig } from '../../config/index.ts';
import { configOverrides, envValues } from '../../config/configOverrides.ts';

/**
 * The one reader of the config `goldpath run` resolved for its Playwright processes: GOLDPATH_CONFIG (the JSON it
 * wrote, secrets taken from GOLDPATH_AUTH_JSON), validated again; GOLDPATH_* variables of the option table override it.
 * @returns undefined when no run wrote one (`npx playwright test`)
 */
export function readRunConfigFile(env: NodeJS.ProcessEnv = process.env): GoldpathConfig | undefined {
  if (!env.GOLDPATH_CONFIG) return undefined;
  const written = JSON.parse(readFileSync(env.GOLDPATH_CONFIG, 'utf8')) as Record<string, unknown>;
  if (env.GOLDPATH_AUTH_JSON) written.auth = JSON.parse(env.GOLDPATH_AUTH_JSON) as unknown;
  return parseConfig(
    mergeConfig(written, configOverrides(envValues(env)) as Record<string, unknown>),
    env.GOLDPATH_CONFIG,
  );
}

/** The config of this run as Playwright's processes see it: readRunConfigFile, else goldpath.config.* in cwd. */
export async function resolveRunConfig(env: NodeJS.ProcessEnv = process.env): Promise<GoldpathConfig> {
  return readRunConfigFile(env) ?? loadConfig({ overrides: configOverrides(envValues(env)) });
}

/** The config with secrets and tokens removed, as written to `<outDir>/config.json`. */
export function redactConfig(config: GoldpathConfig): GoldpathConfig {
  const auth = config.auth;
  if (auth.kind === 'static') {
    return {
      ...config,
      auth: { ...auth, tokens: Object.fromEntries(Object.keys(auth.tokens).map((k) => [k, '[redacted]'])) },
    };
  }
  const { secret: _secret, ...rest } = auth;
  return { ...config, auth: rest } as GoldpathConfig;
}
