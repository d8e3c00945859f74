import type { AuthConfig } from '../config/GoldpathConfig.ts';
import { UsageError } from '../common/GoldpathError.ts';

/** The shared secret given by config (auth.secret, else the env variable auth.secretEnv names), if any. */
export function configuredSecret(auth: AuthConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (auth.kind === 'static') return undefined;
  if (auth.secret) return auth.secret;
  if (auth.secretEnv) {
    const value = env[auth.secretEnv];
    if (!value) {
      throw new UsageError(
        'GOLDPATH_SECRET_ENV_UNSET',
        `auth.secretEnv names ${auth.secretEnv}, but that environment variable is empty or unset. Export ${auth.secretEnv}=<the backend's HS256 secret> or set auth.secret.`,
      );
    }
    return value;
  }
  return undefined;
}

/** Like configuredSecret, but a target goldpath did not start must get its secret from config (exit 2 otherwise). */
export function requiredSecret(
  auth: AuthConfig,
  targetKind: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const secret = configuredSecret(auth, env);
  if (secret === undefined && auth.kind !== 'static') throw secretMissing(`a ${targetKind} target`);
  return secret;
}

/** The one GOLDPATH_SECRET_MISSING error: `what` is the target that needs the secret ("a url target"). */
export function secretMissing(what: string): UsageError {
  return new UsageError(
    'GOLDPATH_SECRET_MISSING',
    `auth.secret: ${what} needs the backend's HS256 secret to sign test tokens. Pass --secret, set auth.secret, or auth.secretEnv to the name of an environment variable holding it (e.g. secretEnv: 'JWT_SECRET'), or use auth.kind 'static' with one token per user.`,
  );
}
