import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every `.py` file under `root`, as sorted `/`-separated paths relative to it; folders whose relative path
 * `isExcluded` are not entered, symbolic links are not followed.
 */
export async function listPythonFiles(root: string, isExcluded: (relPath: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (isExcluded(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(path);
    }
  };
  await walk('');
  return out.sort();
}
