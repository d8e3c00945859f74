import type { ErrorKind } from '../../contracts/Summary.ts';
import { ExitCode } from './exitCodes.ts';

/** The exit code of each kind of error. */
export const EXIT_CODE_OF_KIND = {
  usage: ExitCode.Usage,
  infrastructure: ExitCode.Infrastructure,
  finding: ExitCode.Findings,
} as const satisfies Record<ErrorKind, ExitCode>;

/**
 * An error goldpath expects and explains: a stable code, a message that says how to fix it, and its kind (usage,
 * infrastructure, finding), which decides the exit code wherever the error ends up.
 * @example throw new UsageError('GOLDPATH_CONFIG_UNKNOWN_KEY', 'Unknown config key "tagret". Did you mean "target"?')
 */
export class GoldpathError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errorKind: ErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  get exitCode(): ExitCode {
    return EXIT_CODE_OF_KIND[this.errorKind];
  }
}

/** A wrong flag, config key or input: exit 2. */
export class UsageError extends GoldpathError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 'usage', options);
  }
}

/** The target, a process or a container engine failed us: exit 3. */
export class InfrastructureError extends GoldpathError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 'infrastructure', options);
  }
}

/** What the checks found in a scenario's history: exit 1. */
export class FindingsError extends GoldpathError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, 'finding', options);
  }
}

/** A GoldpathError of the class of `kind`. */
export function goldpathError(
  kind: ErrorKind,
  code: string,
  message: string,
  options?: { cause?: unknown },
): GoldpathError {
  const Class = { usage: UsageError, infrastructure: InfrastructureError, finding: FindingsError }[kind];
  return new Class(code, message, options);
}
