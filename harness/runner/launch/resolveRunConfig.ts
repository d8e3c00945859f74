import { readFileSync } from 'node:fs';
import { AuthConfig, loadConfig, mergeConfig, parseConfig, type GoldpathConfig } from '../../config/index.ts';
import { envOverrides } from './configOverrides.ts';

/**
 * The config of this run as Playwright's processes see it: GOLDPATH_CONFIG (the JSON `goldpath run` wrote, secrets
 * taken from GOLDPATH_AUTH_JSON), else goldpath.config.* in cwd; GOLDPATH_* env variables override either.
 */
export async function resolveRunConfig(env: NodeJS.ProcessEnv = process.env): Promise<GoldpathConfig> {
  const overrides = envOverrides(env) as Record<string, unknown>;
  if (!env.GOLDPATH_CONFIG) return loadConfig({ overrides });
  const written = JSON.parse(readFileSync(env.GOLDPATH_CONFIG, 'utf8')) as Record<string, unknown>;
  if (env.GOLDPATH_AUTH_JSON) written.auth = AuthConfig.parse(JSON.parse(env.GOLDPATH_AUTH_JSON));
  return parseConfig(mergeConfig(written, overrides), env.GOLDPATH_CONFIG);
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
