import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

/**
 * The dotted package a folder is, as Python sees it: the folder and each parent that holds an `__init__.py`
 * (a source root, with none, is the empty package). `stopAt` bounds the climb (e.g. a checkout's root).
 */
export function packageOfFolder(dir: string, stopAt?: string): string[] {
  const parts: string[] = [];
  const limit = stopAt === undefined ? undefined : resolve(stopAt);
  for (let d = resolve(dir); existsSync(resolve(d, '__init__.py')); d = dirname(d)) {
    parts.unshift(basename(d));
    if (d === limit || dirname(d) === d) break;
  }
  return parts;
}
