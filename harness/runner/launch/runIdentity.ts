import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

/** A sortable run id: `20261123-142501-3fa9`. */
export function makeRunId(now = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${iso}-${randomBytes(2).toString('hex')}`;
}

/**
 * The run's id and report directory: env GOLDPATH_RUN_ID / GOLDPATH_OUT_DIR (set by `goldpath run`), else a new id under
 * `<reportsDir>/<run-id>`. Sets both env variables so Playwright's workers agree with the main process.
 */
export function resolveRunIdentity(
  reportsDir = 'reports',
  env: NodeJS.ProcessEnv = process.env,
): { runId: string; outDir: string } {
  const runId = env.GOLDPATH_RUN_ID ?? makeRunId();
  const outDir = resolve(env.GOLDPATH_OUT_DIR ?? join(reportsDir, runId));
  env.GOLDPATH_RUN_ID = runId;
  env.GOLDPATH_OUT_DIR = outDir;
  return { runId, outDir };
}
