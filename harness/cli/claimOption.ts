import { mergeConfig, parseConfig, type GoldpathConfig, type TokenClaims } from '../config/index.ts';

/** A loaded config with `--claim` claims added to auth.claims (for commands that load the config themselves). */
export function withClaims(config: GoldpathConfig, claims: TokenClaims | undefined): GoldpathConfig {
  if (claims === undefined) return config;
  return parseConfig(mergeConfig(config as unknown as Record<string, unknown>, { auth: { claims } }), '--claim');
}
