import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { log } from '../common/log.ts';
import { detectContainerEngine } from './detectContainerEngine.ts';

const BUILD_SCRIPT = fileURLToPath(new URL('../../docker/build-reference-image.sh', import.meta.url));

/**
 * For container tests: true when an engine answers (and the local images are built). Without one, tests skip
 * on a developer's machine (saying why) but fail in CI (CI set), where .ci/run starts dockerd.
 */
export async function containerEngineReady(): Promise<boolean> {
  try {
    await detectContainerEngine();
  } catch (error) {
    if (process.env.CI) throw error;
    const tried = (error as Error).message.split('\nProvide one:')[0]?.replace(/\n\s*/g, ' ');
    log(`skipping container tests: ${tried} (set CI=true to make this a failure)`, 'warn');
    return false;
  }
  execFileSync(BUILD_SCRIPT, { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  return true;
}
