import type { Command } from 'commander';
import { registerRunCommand } from './runCommand.ts';
import { registerMergeCommand } from './mergeCommand.ts';
import { registerBaselineCommand } from './baselineCommand.ts';
import { registerValidateCommand } from './validateCommand.ts';
import { registerMigrateCommand } from './migrateCommand.ts';
import { registerCheckCommand } from './checkCommand.ts';
import { registerSelftestCommand } from './selftestCommand.ts';
import { registerImportsCommand } from './importsCommand.ts';
import { registerInitCommand } from './initCommand.ts';
import { registerReferenceCommand } from '../../reference/cli/referenceCommand.ts';

/** Each command lives in its own file and adds itself here. */
export function registerCommands(program: Command): void {
  registerRunCommand(program);
  registerMergeCommand(program);
  registerBaselineCommand(program);
  registerValidateCommand(program);
  registerMigrateCommand(program);
  registerCheckCommand(program);
  registerSelftestCommand(program);
  registerImportsCommand(program);
  registerInitCommand(program);
  registerReferenceCommand(program);
}
