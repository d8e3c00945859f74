import { Option, type Command } from 'commander';
import {
  OPTIONS,
  optionsOf,
  type CommandName,
  type OptionName,
  type OptionSpec,
  type OptionValues,
} from '../config/optionTable.ts';

/**
 * Adds to a command every option the table gives it (or only `names`), with its help, variable, choices and parser.
 * @example addOptions(program.command('run'), 'run')
 */
export function addOptions(
  command: Command,
  name: CommandName,
  names: readonly OptionName[] = optionsOf(name),
): Command {
  for (const key of names) command.addOption(commanderOption(OPTIONS[key] as OptionSpec<unknown>, name));
  return command;
}

/** The typed values of the table's options among commander's parsed flags (other flags are the command's own). */
export function optionValues(flags: Record<string, unknown>, command: CommandName): OptionValues {
  const out: Record<string, unknown> = {};
  for (const key of optionsOf(command)) {
    const value = flags[attributeOf(key)];
    if (value !== undefined) out[key] = value;
  }
  return out as OptionValues;
}

function commanderOption(spec: OptionSpec<unknown>, command: CommandName): Option {
  const option = new Option(spec.flags, spec.help?.[command] ?? spec.description);
  if (spec.env !== undefined) option.env(spec.env);
  if (spec.choices !== undefined) option.choices(spec.choices);
  if (spec.cliDefault !== undefined) option.default(spec.cliDefault);
  const parse = spec.parse;
  const flag = spec.flags.split(' ')[0] as string;
  if (parse !== undefined && spec.choices === undefined)
    option.argParser((text: string, previous: unknown) => parse(text, flag, previous));
  return option;
}

/** Commander's attribute of a table option (`--max-duration` → maxDuration). */
function attributeOf(key: OptionName): string {
  return new Option(OPTIONS[key].flags).attributeName();
}
