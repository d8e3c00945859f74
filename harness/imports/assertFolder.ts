import { stat } from 'node:fs/promises';
import { UsageError } from '../common/GoldpathError.ts';

/** Throws a UsageError (exit 2) that says how to fix it when `dir` is not an existing folder. */
export async function assertFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new UsageError(
      'GOLDPATH_IMPORTS_NO_DIR',
      `${dir} is not a folder${info ? '' : ' (it does not exist)'}. Give the root of the Python source tree, e.g. \`goldpath imports ../backend\`.`,
    );
}
