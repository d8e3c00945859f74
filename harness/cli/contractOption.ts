import { Option } from 'commander';

/** `--contract lenient|strict`, the same on every command that runs or checks (config key `contract`). */
export function contractOption(): Option {
  return new Option(
    '--contract <mode>',
    "strict also reports fields found only away from where a client reads them (contract.field_misplaced); default: the config's contract, else lenient",
  ).choices(['lenient', 'strict']);
}

/** The mode from commander's flags, when given. */
export function contractOf(flags: Record<string, unknown>): { contract?: 'lenient' | 'strict' } {
  return flags.contract === 'lenient' || flags.contract === 'strict' ? { contract: flags.contract } : {};
}
