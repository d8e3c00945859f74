import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../common/GoldpathError.ts';
import { INIT_FILES, INIT_IGNORE_LINES, INIT_TSCONFIG } from './initTemplates.ts';

export interface InitResult {
  /** Paths written (relative to the project). */
  written: string[];
  /** Paths left as they were (a tsconfig.json of the project's own). */
  kept: string[];
  /** Lines added to .gitignore. */
  ignored: string[];
}

/**
 * `goldpath init`: writes goldpath.config.ts, scenarios/golden-path.spec.ts and .github/workflows/goldpath.yml into
 * `cwd` (a tsconfig.json where none exists) and adds reports/ to .gitignore. If any of the files exists, nothing is
 * written and the UsageError names them, unless `force` replaces them.
 * @example const { written } = await runInit({ cwd: process.cwd() })
 */
export async function runInit(options: { cwd: string; force?: boolean }): Promise<InitResult> {
  const existing = INIT_FILES.filter((f) => existsSync(join(options.cwd, f.path))).map((f) => f.path);
  if (existing.length > 0 && options.force !== true) {
    throw new UsageError(
      'GOLDPATH_INIT_EXISTS',
      `goldpath init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written. Keep them, or replace them with --force.`,
    );
  }
  const files = existsSync(join(options.cwd, INIT_TSCONFIG.path)) ? INIT_FILES : [...INIT_FILES, INIT_TSCONFIG];
  for (const file of files) {
    const path = join(options.cwd, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  const gitignore = join(options.cwd, '.gitignore');
  const present = existsSync(gitignore) ? readFileSync(gitignore, 'utf8') : '';
  const lines = new Set(present.split(/\r?\n/).map((l) => l.trim()));
  const ignored = INIT_IGNORE_LINES.filter(
    (l) => !lines.has(l) && !lines.has(l.replace(/\/$/, '')) && !lines.has(`/${l}`),
  );
  if (ignored.length > 0)
    await appendFile(gitignore, `${present === '' || present.endsWith('\n') ? '' : '\n'}${ignored.join('\n')}\n`);
  return { written: files.map((f) => f.path), kept: files === INIT_FILES ? [INIT_TSCONFIG.path] : [], ignored };
}
