import { Command, Option } from 'commander';
import { setQuiet } from '../common/log.ts';
import { parseUsers } from '../runner/launch/configOverrides.ts';
import { runSuite } from '../runner/launch/runSuite.ts';
import { parseDuration } from '../runner/launch/suiteBudget.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { addClaimOption, claimsOf } from './claimOption.ts';
import { contractOf, contractOption } from './contractOption.ts';

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

Environment: GOLDPATH_USERS, GOLDPATH_TARGET, GOLDPATH_DEFECTS, GOLDPATH_SECRET (used when the flag is absent).
Reports: <out>/summary.json, junit.xml, summary.md, index.html, histories/, playwright-report/.
Exit codes: 0 pass, 1 findings or failed scenarios, 2 usage or configuration error, 3 infrastructure error (target unreachable,
goldpath overloaded, or the time budget ran out before any finding), 130 / 143 stopped by SIGINT / SIGTERM (reports say "interrupted").`;

function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
      throw new UsageError('GOLDPATH_BAD_FLAG', `${flag} ${value}: expected a whole number ≥ 1.`);
    return Number(value);
  };
}

function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UsageError(
      'GOLDPATH_BAD_FLAG',
      `--max-duration ${value}: expected a duration such as 90s, 15m or 1h (a bare number is milliseconds).`,
    );
  return ms;
}

/** `goldpath run`: the scenario suite through Playwright Test, with reports and exit codes. */
export function registerRunCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      'Run the scenario suite against a target and write summary.json, junit.xml, summary.md and HTML reports.',
    )
    .addOption(
      new Option('--target <target>', '"embedded" (the reference backend, default) or a ws(s):// URL').env(
        'GOLDPATH_TARGET',
      ),
    )
    .option('--scenario <glob>', 'only scenarios whose title or file matches (glob with * and ?, or a regex)')
    .addOption(
      new Option('--users <n>', "simulated users of the load scenarios (replaces each scenario's default)").env(
        'GOLDPATH_USERS',
      ),
    )
    .option('--out <dir>', 'report directory of this run (default reports/<run-id>)')
    .option('--project <name...>', 'Playwright projects to run (e.g. protocol)')
    .option('--repeat-each <n>', 'run every scenario n times', positiveInt('--repeat-each'))
    .option('--workers <n>', 'parallel Playwright workers (default 2)', positiveInt('--workers'))
    .option('--shard <i/n>', 'run only shard i of n (merge with `goldpath merge <dirs...>`)')
    .addOption(
      new Option('--defects <list>', 'switch on reference-backend defects, comma-separated (embedded target only)').env(
        'GOLDPATH_DEFECTS',
      ),
    )
    .option('--factory-path <path>', 'reference factory import path: canonical, compat, unified or mixed')
    .option(
      '--config <file>',
      'config file (default the nearest goldpath.config.{ts,mts,mjs,js}, from the current directory upward)',
    )
    .addOption(
      new Option('--suite <suite>', "builtin: goldpath's scenarios; own: your testDir (default scenarios/); all: both")
        .choices(['builtin', 'own', 'all'])
        .default('all'),
    )
    .addOption(
      new Option('--secret <secret>', 'HS256 secret for signing test tokens of a url target').env('GOLDPATH_SECRET'),
    )
    .option('--run-id <id>', 'name of the run (default: a timestamp)')
    .option(
      '--max-duration <duration>',
      'wall-time budget of the whole suite (e.g. 90s, 15m); then it stops, reports what ran and exits 1 or 3 (default: rounds of scenarios per worker × the scenario deadline + 1 min)',
      duration,
    )
    .addOption(contractOption())
    .option('--quiet', 'print nothing but errors');
  addClaimOption(command)
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      if (flags.quiet === true) setQuiet(true);
      const result = await runSuite({
        ...(typeof flags.target === 'string' && { target: flags.target }),
        ...(typeof flags.scenario === 'string' && { scenario: flags.scenario }),
        ...(typeof flags.users === 'string' && { users: parseUsers(flags.users, '--users') }),
        ...(typeof flags.out === 'string' && { outDir: flags.out }),
        ...(Array.isArray(flags.project) && { project: flags.project }),
        ...(typeof flags.repeatEach === 'number' && { repeatEach: flags.repeatEach }),
        ...(typeof flags.workers === 'number' && { workers: flags.workers }),
        ...(typeof flags.shard === 'string' && { shard: flags.shard }),
        ...(typeof flags.defects === 'string' && {
          defects: flags.defects
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        }),
        ...(typeof flags.factoryPath === 'string' && { factoryPath: flags.factoryPath }),
        ...(typeof flags.config === 'string' && { configFile: flags.config }),
        ...((flags.suite === 'builtin' || flags.suite === 'own' || flags.suite === 'all') && { suite: flags.suite }),
        ...(typeof flags.secret === 'string' && { secret: flags.secret }),
        ...(claimsOf(flags) !== undefined && { claims: claimsOf(flags) }),
        ...(typeof flags.runId === 'string' && { runId: flags.runId }),
        ...(typeof flags.maxDuration === 'number' && { maxDurationMs: flags.maxDuration }),
        ...(flags.quiet === true && { quiet: true }),
        ...contractOf(flags),
      });
      process.exitCode = result.exitCode;
    });
}
