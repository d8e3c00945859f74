import type { Command } from 'commander';
import { setQuiet } from '../common/log.ts';
import { runSuite } from '../runner/launch/runSuite.ts';
import { OPTION_ENV_NAMES } from '../config/configOverrides.ts';
import { addOptions, optionValues } from './addOptions.ts';

const EXAMPLES = `
Examples:
  $ goldpath run                                   the whole suite against the embedded reference backend
  $ goldpath run --users 200 --scenario 'concurrent*'
  $ goldpath run --target ws://127.0.0.1:8000/ws --secret "$JWT_SECRET"
  $ goldpath run --target ws://127.0.0.1:8000/ws --secret "$JWT_SECRET" --claim tier=enterprise
  $ goldpath run --defects drop-thinking           prove the checks catch a broken backend (exits 1)
  $ goldpath run --repeat-each 5 --workers 2       hunt for flaky scenarios
  $ goldpath run --shard 1/3 --out reports/shard-1
  $ goldpath run --suite own                       only your scenarios (testDir in goldpath.config.ts, default scenarios/)

Environment: ${OPTION_ENV_NAMES.join(', ')} (used when the flag is absent).
Reports: <out>/summary.json, junit.xml, summary.md, index.html, histories/, playwright-report/.
Exit codes: 0 pass, 1 findings or failed scenarios, 2 usage or configuration error, 3 infrastructure error (target unreachable,
goldpath overloaded, or the time budget ran out before any finding), 130 / 143 stopped by SIGINT / SIGTERM (reports say "interrupted").`;

/** `goldpath run`: the scenario suite through Playwright Test, with reports and exit codes. */
export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      'Run the scenario suite against a target and write summary.json, junit.xml, summary.md and HTML reports.',
    );
  addOptions(command, 'run')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const options = optionValues(flags, 'run');
      if (options.quiet === true) setQuiet(true);
      process.exitCode = (await runSuite(options)).exitCode;
    });
}
