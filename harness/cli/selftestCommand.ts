import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../common/exitCodes.ts';
import { log, setQuiet } from '../common/log.ts';
import { formatMatrix } from '../selftest/formatMatrix.ts';
import { runSelftest, type SelftestOptions } from '../selftest/runSelftest.ts';
import { updateReadme } from '../selftest/updateReadme.ts';
import { writeMatrix } from '../selftest/writeMatrix.ts';
import { loadConfig } from '../config/index.ts';
import { commaList, wholeNumber } from '../config/optionParsers.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { withClaims } from './claimOption.ts';

const EXAMPLES = `
Examples:
  $ goldpath selftest                                   every defect, 20 clean repetitions, intermittent rates
  $ goldpath selftest --update-readme                   the same, and rewrite the matrix in README.md
  $ goldpath selftest --defects drop-thinking,shared-emitter --skip-clean --intermittent none
  $ goldpath selftest --repeat-clean 5 --intermittent shared-emitter@0.02 --passes 10
  $ goldpath selftest --project protocol browser        the clean and intermittent runs over both projects

Each defect runs alone on the scenarios that provoke it (harness/selftest/defectExpectations.ts) and must give a
finding of its expected code; slow-factory is compared with a baseline of the clean backend. Runs a defect starves
are awaited --run-deadline ms (default 8000) instead of the SLA's 60 s.
Writes <out>/matrix.json, <out>/matrix.md and one report directory per run.
Exit codes: 0 every defect detected and the clean backend clean, 1 a defect missed or a clean finding, 2 usage, 3 infrastructure.`;

const whole =
  (flag: string, min = 1) =>
  (text: string) =>
    wholeNumber({ min })(text, flag);

/**
 * `goldpath selftest`: proves the harness catches every defect of the reference backend and nothing on the clean one.
 * @example await runSelftestCommand({ defects: ['drop-thinking'], skipClean: true, intermittent: [] })
 */
export async function runSelftestCommand(options: SelftestOptions & { updateReadme?: string }): Promise<number> {
  const outDir = resolve(options.outDir ?? 'reports/selftest');
  const matrix = await runSelftest({ ...options, outDir, progress: (line) => log(line) });
  const paths = await writeMatrix(matrix, outDir);
  const text = formatMatrix(matrix);
  log(`detection matrix\n\n${text}\n`);
  log(`written: ${paths.json}, ${paths.markdown}`);
  if (options.updateReadme !== undefined) {
    await updateReadme(resolve(options.updateReadme), text);
    log(`README section between the detection-matrix markers rewritten: ${options.updateReadme}`);
  }
  for (const problem of matrix.problems) log(problem, 'error');
  if (matrix.defects.some((d) => d.status === 'error') || matrix.clean?.status === 'error')
    return ExitCode.Infrastructure;
  return matrix.passed ? ExitCode.Pass : ExitCode.Findings;
}

/** `goldpath selftest [--defects a,b] [--repeat-clean N] [--skip-clean] [--users N] [--out dir] [--update-readme]` */
export function registerSelftestCommand(program: Command): void {
  const command = program
    .command('selftest')
    .description(
      'Prove the checks: every reference-backend defect must be detected, the clean backend must give zero findings.',
    )
    .option('--defects <list>', 'only these defects, comma-separated (default every defect of the catalog)')
    .option('--repeat-clean <n>', 'repetitions of the clean suite (--repeat-each, default 20)', whole('--repeat-clean'))
    .option('--skip-clean', 'skip the clean repetitions')
    .option('--users <n>', "users of every defect run (default each defect's own, 1 to 8)", whole('--users'))
    .option(
      '--intermittent <list>',
      'intermittent defects to measure, comma-separated, or "none" (default shared-emitter@0.05,cross-user-cache@0.05)',
    )
    .option('--passes <n>', 'passes (seeds) per intermittent defect (default 5)', whole('--passes'))
    .option(
      '--run-deadline <ms>',
      'how long a run a defect starves is awaited (default 8000)',
      whole('--run-deadline', 100),
    )
    .option('--concurrency <n>', 'defect runs at once (default 1)', whole('--concurrency'))
    .option('--update-readme [file]', 'rewrite the detection-matrix section of README.md (or the given file)');
  addOptions(command, 'selftest')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: Record<string, unknown>) => {
      const shared = optionValues(flags, 'selftest');
      if (shared.quiet === true) setQuiet(true);
      const options: SelftestOptions & { updateReadme?: string } = {};
      if (typeof flags.defects === 'string') options.defects = commaList(flags.defects);
      if (typeof flags.repeatClean === 'number') options.repeatClean = flags.repeatClean;
      if (flags.skipClean === true) options.skipClean = true;
      if (typeof flags.users === 'number') options.users = flags.users;
      if (shared.project !== undefined) options.project = shared.project;
      if (shared.scenario !== undefined) options.scenario = shared.scenario;
      if (typeof flags.intermittent === 'string')
        options.intermittent = flags.intermittent === 'none' ? [] : commaList(flags.intermittent);
      if (typeof flags.passes === 'number') options.intermittentPasses = flags.passes;
      if (typeof flags.runDeadline === 'number') options.runDeadlineMs = flags.runDeadline;
      if (typeof flags.concurrency === 'number') options.concurrency = flags.concurrency;
      if (shared.outDir !== undefined) options.outDir = shared.outDir;
      if (shared.configFile !== undefined) options.configFile = shared.configFile;
      if (shared.claims !== undefined)
        options.config = withClaims(
          await loadConfig(options.configFile !== undefined ? { file: options.configFile } : {}),
          shared.claims,
        );
      if (flags.updateReadme !== undefined)
        options.updateReadme = typeof flags.updateReadme === 'string' ? flags.updateReadme : 'README.md';
      process.exitCode = await runSelftestCommand(options);
    });
}
