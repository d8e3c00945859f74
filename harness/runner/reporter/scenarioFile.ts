import { isAbsolute, relative } from 'node:path';
import { CODE_ROOT, MODULE_EXTENSION } from '../../common/moduleExtension.ts';

/**
 * How a report names the file a scenario came from: a built-in one relative to goldpath (`goldpath/scenarios/…` from
 * the installed package, `scenarios/…` in goldpath's own repository), a team's own one relative to its project.
 */
export function scenarioFile(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const inGoldpath = relative(CODE_ROOT, file);
  if (!inGoldpath.startsWith('..') && !isAbsolute(inGoldpath))
    return MODULE_EXTENSION === '.js' ? `goldpath/${inGoldpath}` : inGoldpath;
  return fromProject(file, env);
}

/** A path as the user sees it: relative to the project goldpath was run in (Playwright's own cwd is goldpath's folder). */
export function fromProject(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return relative(env.GOLDPATH_PROJECT_DIR ?? process.cwd(), path);
}
