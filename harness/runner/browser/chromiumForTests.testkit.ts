import { log } from '../../common/log.ts';
import { tryLaunchChromium } from './tryLaunchChromium.ts';

/**
 * For browser tests: true when a Chromium launches. Without one, tests skip on a developer's machine (saying why and how
 * to get one) but fail in CI (CI set), where .ci/run installs Chromium.
 * @example const chromiumReady = await chromiumForTests(); describe.skipIf(!chromiumReady)('in Chromium', ...)
 */
export async function chromiumForTests(): Promise<boolean> {
  const launched = await tryLaunchChromium();
  if ('browser' in launched) {
    await launched.browser.close();
    return true;
  }
  if (process.env.CI) throw new Error(`${launched.unavailable} (CI is set, so this is a failure, not a skip)`);
  log(`skipping browser tests: ${launched.unavailable} (set CI=true to make this a failure)`, 'warn');
  return false;
}
