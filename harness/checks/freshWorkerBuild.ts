import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The source folders a worker thread's modules come from: every module of the checks is in one of them. */
const SOURCE_FOLDERS = ['contracts', 'harness'];

/** What the build leaves out (tsconfig.build.json): no module of the checks is among them. */
function unbuilt(path: string): boolean {
  return (
    path.endsWith('.test.ts') ||
    path.endsWith('.testkit.ts') ||
    path.endsWith('.d.ts') ||
    /(^|\/)(testing|fixtures|scripts)\//.test(path)
  );
}

const mtime = (path: string): number | undefined => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};

/**
 * The built JavaScript (dist/) of a worker entry of the TypeScript sources, when every source module has a build at
 * least as new as itself; else undefined. A worker thread started from the build starts in a fraction of the time one
 * started from the sources takes (tsx registers in the thread and loads every module through its hooks again); a
 * build older than any source is never run.
 * `root` is the folder of the sources and of dist/ (goldpath's own, unless a test says otherwise).
 * @example freshWorkerBuild(new URL('./checkWorker.ts', import.meta.url)) // file:///…/dist/harness/checks/checkWorker.js, or undefined
 */
export function freshWorkerBuild(entry: URL, root = new URL('../../', import.meta.url)): URL | undefined {
  const rootPath = fileURLToPath(root);
  const relative = fileURLToPath(entry).slice(rootPath.length);
  if (!relative.endsWith('.ts') || !SOURCE_FOLDERS.some((folder) => relative.startsWith(`${folder}/`)))
    return undefined;
  const built = new URL(`dist/${relative.replace(/\.ts$/, '.js')}`, root);
  if (mtime(fileURLToPath(built)) === undefined) return undefined;
  for (const folder of SOURCE_FOLDERS) {
    let files: string[];
    try {
      files = readdirSync(`${rootPath}${folder}`, { recursive: true, encoding: 'utf8' });
    } catch {
      return undefined;
    }
    for (const file of files) {
      const source = `${folder}/${file}`;
      if (!source.endsWith('.ts') || unbuilt(source)) continue;
      const sourceTime = mtime(`${rootPath}${source}`);
      const builtTime = mtime(`${rootPath}dist/${source.replace(/\.ts$/, '.js')}`);
      if (sourceTime === undefined || builtTime === undefined || builtTime < sourceTime) return undefined;
    }
  }
  return built;
}
