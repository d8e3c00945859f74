import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { readPythonImports, type PythonFileImports } from './readPythonImports.ts';

/** What every file scan of one census shares (plain data, so it crosses to a worker thread). */
export interface ScanContext {
  root: string;
  /** The dotted package of `root`, as parts. */
  rootPkg: string[];
  /** Texts that make a string or comment a mention. */
  needles: string[];
  /** The last part of each category's module: a file that spells none of them cannot import one. */
  lastParts: string[];
  /** Category modules: a file inside one of them as a package is parsed whatever it spells (`from . import x`). */
  modules: string[];
}

export type FileScan =
  | { file: string; kind: 'unreadable' }
  | { file: string; kind: 'skipped' }
  | { file: string; kind: 'parsed'; read: PythonFileImports };

const READ_BATCH = 32;

/** The package of a file: the root's, then its folders. */
export function packageOfFile(ctx: ScanContext, file: string): string[] {
  const slash = file.lastIndexOf('/');
  return [...ctx.rootPkg, ...(slash === -1 ? [] : file.slice(0, slash).split('/'))];
}

/** Whether a file may import a category: it spells the last part of a category's module, or lives inside one. */
export function mayImport(ctx: ScanContext, file: string, text: string): boolean {
  if (ctx.lastParts.some((p) => text.includes(p))) return true;
  const dotted = packageOfFile(ctx, file).join('.');
  return ctx.modules.some((m) => dotted === m || dotted.startsWith(`${m}.`));
}

/** Reads `files` (relative to `ctx.root`) in order, `READ_BATCH` at a time. */
export async function readEach(
  ctx: ScanContext,
  files: readonly string[],
  use: (file: string, text: string | undefined) => void,
): Promise<void> {
  for (let i = 0; i < files.length; i += READ_BATCH) {
    const batch = files.slice(i, i + READ_BATCH);
    const texts = await Promise.all(batch.map((f) => readFile(join(ctx.root, f), 'utf8').catch(() => undefined)));
    batch.forEach((file, j) => use(file, texts[j]));
  }
}

/** Reads and parses `files` (relative to `ctx.root`), in order; files that cannot import a category are not parsed. */
export async function scanPythonFiles(parser: Parser, ctx: ScanContext, files: readonly string[]): Promise<FileScan[]> {
  const out: FileScan[] = [];
  await readEach(ctx, files, (file, text) => {
    if (text === undefined) out.push({ file, kind: 'unreadable' });
    else if (!mayImport(ctx, file, text)) out.push({ file, kind: 'skipped' });
    else
      out.push({ file, kind: 'parsed', read: readPythonImports(parser, text, packageOfFile(ctx, file), ctx.needles) });
  });
  return out;
}
