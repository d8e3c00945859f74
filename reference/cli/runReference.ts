// Runs `goldpath reference` directly: npx tsx reference/cli/runReference.ts --port 0 --defects drop-thinking
import { Command, CommanderError } from 'commander';
import { registerReferenceCommand } from './referenceCommand.ts';

const program = new Command('goldpath').exitOverride();
registerReferenceCommand(program);
try {
  await program.parseAsync(['reference', ...process.argv.slice(2)], { from: 'user' });
} catch (error) {
  process.exitCode = error instanceof CommanderError ? (error.exitCode === 0 ? 0 : 2) : 3;
  if (!(error instanceof CommanderError))
    process.stderr.write(`goldpath reference: ${(error as Error).stack ?? String(error)}\n`);
}
