import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const CANONICAL = 'from netra_backend.app.agents.supervisor.execution_engine_factory import ExecutionEngineFactory\n';
const COMPAT = 'from netra_backend.app.core.managers.execution_engine_factory import ExecutionEngineFactory\n';

/** A temporary git repository of a tiny backend, in two commits: tag `wip` (a route still imports the shim) and tag `done`. */
export interface ImportsRepo extends AsyncDisposable {
  dir: string;
  /** `git worktree list` lines, to prove no worktree was left behind. */
  worktrees(): string[];
}

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-C',
      dir,
      '-c',
      'user.name=goldpath',
      '-c',
      'user.email=goldpath@example.invalid',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { encoding: 'utf8' },
  );
}

async function put(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, dirname(path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

export async function makeImportsRepo(): Promise<ImportsRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-imports-repo-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  await put(dir, {
    'netra_backend/__init__.py': '',
    'netra_backend/app/__init__.py': '',
    'netra_backend/app/smd.py': CANONICAL.replace('ExecutionEngineFactory', 'configure_execution_engine_factory'),
    'netra_backend/app/routes/__init__.py': '',
    'netra_backend/app/routes/agent_route.py': `"""Agent routes."""\n${COMPAT}`,
    'netra_backend/app/routes/health.py':
      '# moved off netra_backend.app.core.managers.execution_engine_factory last year\n',
    'netra_backend/tests/test_route.py': COMPAT,
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'step 2 in progress');
  git(dir, 'tag', 'wip');
  await put(dir, { 'netra_backend/app/routes/agent_route.py': `"""Agent routes."""\n${CANONICAL}` });
  git(dir, 'commit', '--quiet', '-am', 'step 2 done');
  git(dir, 'tag', 'done');
  return {
    dir,
    worktrees: () => git(dir, 'worktree', 'list').trim().split('\n'),
    [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
  };
}
