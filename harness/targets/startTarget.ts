import type { GoldpathConfig } from '../config/GoldpathConfig.ts';
import { startContainerTarget } from './startContainerTarget.ts';
import { startEmbeddedTarget } from './startEmbeddedTarget.ts';
import { startProcessTarget } from './startProcessTarget.ts';
import { startUrlTarget } from './startUrlTarget.ts';
import type { StartedTarget, StartTargetOptions } from './StartedTarget.ts';

/**
 * Starts (or, for a url, checks) the backend `config.target` describes. Infrastructure failures are
 * InfrastructureErrors (exit 3); a missing secret is a UsageError (exit 2).
 * @example await using target = await startTarget(await loadConfig(), { logDir: 'reports/latest' })
 */
export async function startTarget(config: GoldpathConfig, options: StartTargetOptions = {}): Promise<StartedTarget> {
  options.signal?.throwIfAborted();
  const target = config.target;
  switch (target.kind) {
    case 'embedded':
      return startEmbeddedTarget(target, config.auth);
    case 'url':
      return startUrlTarget(target, config.auth, options);
    case 'process':
      return startProcessTarget(target, config.auth, options);
    case 'container':
      return startContainerTarget(target, config.auth, options);
  }
}
