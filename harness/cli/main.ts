import { Command, CommanderError } from 'commander';
import { ExitCode } from '../common/exitCodes.ts';
import { GoldpathError } from '../common/GoldpathError.ts';
import { log } from '../common/log.ts';
import { registerCommands } from './registerCommands.ts';

export const GOLDPATH_VERSION = '0.1.0';

/** Builds the `goldpath` program: one subcommand per job, each registered from its own file. */
export function buildProgram(): Command {
  const program = new Command('goldpath')
    .description('Golden-path regression and event-contract tests for agent-chat backends.')
    .version(GOLDPATH_VERSION)
    .showHelpAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 pass, 1 findings or regression, 2 usage or configuration error, 3 infrastructure error.',
    );
  registerCommands(program);
  return program;
}

/** Runs the CLI and returns its exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Pass;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return ExitCode.Pass;
      return ExitCode.Usage;
    }
    if (error instanceof GoldpathError) {
      log(`${error.message} [${error.code}]`, 'error');
      return error.exitCode;
    }
    log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, 'error');
    return ExitCode.Infrastructure;
  }
}
