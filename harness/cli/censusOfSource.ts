import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ImportCensus } from '../../contracts/ImportCensus.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { assertFolder } from '../imports/assertFolder.ts';
import type { CensusSettings } from '../imports/resolveCensusOptions.ts';
import { runImportCensus } from '../imports/runImportCensus.ts';
import { gitLocationOf, resolveGitRef, withGitWorktree } from './gitWorktree.ts';

/** Where a census reads: a folder as it is on disk, or a folder of a git repository as it is at a ref. */
export type CensusSource =
  | { kind: 'dir'; dir: string; given: string }
  | { kind: 'ref'; repo: string; subpath: string; ref: string; commit: string };

/**
 * Checks a source before anything runs: the folder must exist; with a ref, the folder must be in a git repository
 * where the ref names a commit. Every failure is a UsageError (exit 2).
 */
export async function prepareCensusSource(dir: string, ref?: string): Promise<CensusSource> {
  if (ref === undefined) {
    await assertFolder(dir);
    return { kind: 'dir', dir: resolve(dir), given: dir };
  }
  // the folder may exist only at the ref: find the repository from its nearest existing parent
  let existing = resolve(dir);
  const rest: string[] = [];
  while (!(await stat(existing).catch(() => undefined))?.isDirectory() && dirname(existing) !== existing) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  const loc = await gitLocationOf(existing);
  const subpath = [...(loc.subpath === '' ? [] : [loc.subpath]), ...rest].join('/');
  return { kind: 'ref', repo: loc.repo, subpath, ref, commit: await resolveGitRef(loc.repo, ref) };
}

/** How a source is named in reports: the folder, or `<ref>[:<folder>]`. */
export function describeCensusSource(source: CensusSource): string {
  return source.kind === 'dir' ? source.given : `${source.ref}${source.subpath !== '' ? `:${source.subpath}` : ''}`;
}

/** Runs the census at a source; a ref is checked out into a temporary git worktree, removed afterwards. */
export async function censusOfSource(
  source: CensusSource,
  settings: CensusSettings,
  label = describeCensusSource(source),
): Promise<ImportCensus> {
  if (source.kind === 'dir') return runImportCensus({ dir: source.dir, settings, source: label });
  return withGitWorktree(source.repo, source.commit, async (tree) => {
    const dir = join(tree, source.subpath);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory())
      throw new UsageError(
        'GOLDPATH_IMPORTS_NO_DIR',
        `${source.subpath} does not exist at ${source.ref} (${source.commit.slice(0, 12)}) of ${source.repo}. Was it added after that commit?`,
      );
    return runImportCensus({ dir, settings, source: label, commit: source.commit, packageRootLimit: tree });
  });
}
