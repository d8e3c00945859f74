import type { Command } from 'commander';
import { log } from '../common/log.ts';
import { runInit } from '../init/runInit.ts';

/** `goldpath init [--force]`: scaffolds config, a scenario and a CI workflow in the current project. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Write goldpath.config.ts, scenarios/golden-path.spec.ts and a CI workflow into the current project.')
    .option('--force', 'replace those files when they exist (otherwise nothing is written)')
    .action(async (options: { force?: boolean }) => {
      const result = await runInit({ cwd: process.cwd(), ...(options.force === true && { force: true }) });
      for (const path of result.written) log(`wrote ${path}`);
      for (const path of result.kept) log(`kept ${path} (yours)`);
      if (result.ignored.length > 0) log(`added ${result.ignored.join(', ')} to .gitignore`);
      log(
        "next: set target.wsUrl in goldpath.config.ts, then  GOLDPATH_JWT_SECRET=<the backend's JWT secret> npx goldpath run",
      );
    });
}
