import type { GoldpathConfigInput } from './GoldpathConfig.ts';

/**
 * Typed helper for `goldpath.config.ts`; validation happens when goldpath loads the file.
 * @example export default defineConfig({ target: { kind: 'url', wsUrl: 'ws://127.0.0.1:8000/ws' }, auth: { kind: 'jwt', secretEnv: 'JWT_SECRET' } })
 */
export function defineConfig(config: GoldpathConfigInput): GoldpathConfigInput {
  return config;
}
