import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { InfrastructureError, UsageError } from '../common/GoldpathError.ts';

const GIT_DEADLINE_MS = 300_000;

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

// a checkout for reading must not run the repository's hooks or fetch large files
const QUIET_CHECKOUT = ['-c', 'core.hooksPath=/dev/null', '-c', 'advice.detachedHead=false'];
const ENV = { ...process.env, GIT_LFS_SKIP_SMUDGE: '1', GIT_TERMINAL_PROMPT: '0' };

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      'git',
      ['-C', cwd, ...QUIET_CHECKOUT, ...args],
      { timeout: GIT_DEADLINE_MS, maxBuffer: 16 * 1024 * 1024, env: ENV },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
          done({ ok: false, stdout: '', stderr: 'git is not installed (no `git` on PATH)' });
          return;
        }
        const killed = error !== null && (error as { killed?: boolean }).killed === true;
        done({
          ok: error === null,
          stdout: String(stdout).trim(),
          stderr: killed ? `git ${args[0]} did not finish within ${GIT_DEADLINE_MS} ms` : String(stderr).trim(),
        });
      },
    );
  });
}

/** A folder inside a git repository: the repository's root, and the folder relative to it. */
export interface GitLocation {
  repo: string;
  subpath: string;
}

/** Finds the repository a folder is in; a folder outside any repository is a UsageError. */
export async function gitLocationOf(dir: string): Promise<GitLocation> {
  const real = await realpath(dir).catch(() => undefined);
  if (real === undefined)
    throw new UsageError(
      'GOLDPATH_IMPORTS_NO_DIR',
      `${dir} does not exist. Give a folder inside the git repository of the Python source.`,
    );
  const top = await git(real, ['rev-parse', '--show-toplevel']);
  if (!top.ok)
    throw new UsageError(
      'GOLDPATH_IMPORTS_NOT_GIT',
      `${dir} is not inside a git repository (${top.stderr || 'git rev-parse failed'}); a git ref needs one. Did you mean a folder, or forget \`git init\`?`,
    );
  const repo = await realpath(top.stdout);
  return { repo, subpath: relative(repo, real).split('\\').join('/') };
}

/** The commit a ref names in `repo`; anything that names no commit is a UsageError. */
export async function resolveGitRef(repo: string, ref: string): Promise<string> {
  const out = ref.startsWith('-')
    ? undefined
    : await git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!out?.ok || out.stdout === '')
    throw new UsageError(
      'GOLDPATH_IMPORTS_BAD_REF',
      `"${ref}" is not a git ref in ${repo} (no commit of that name). List them with \`git -C ${repo} branch -a\` or \`git tag\`.`,
    );
  return out.stdout;
}

/**
 * Checks `commit` out into a temporary `git worktree`, runs `use` on it and removes the worktree afterwards,
 * whatever `use` did.
 */
export async function withGitWorktree<T>(repo: string, commit: string, use: (dir: string) => Promise<T>): Promise<T> {
  const parent = await mkdtemp(join(tmpdir(), 'goldpath-worktree-'));
  const dir = join(parent, 'tree');
  const added = await git(repo, ['worktree', 'add', '--detach', '--quiet', dir, commit]);
  if (!added.ok) {
    await rm(parent, { recursive: true, force: true });
    throw new InfrastructureError(
      'GOLDPATH_GIT_WORKTREE_FAILED',
      `could not check out ${commit.slice(0, 12)} of ${repo} into a git worktree: ${added.stderr}`,
    );
  }
  try {
    return await use(dir);
  } finally {
    const removed = await git(repo, ['worktree', 'remove', '--force', dir]);
    await rm(parent, { recursive: true, force: true });
    if (!removed.ok) await git(repo, ['worktree', 'prune']);
  }
}
