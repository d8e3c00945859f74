import { ExitCode } from './exitCodes.ts';

/**
 * An error goldpath expects and explains: a stable code, a message that says how to fix it, and the exit code it maps to.
 * @example throw new UsageError('GOLDPATH_CONFIG_UNKNOWN_KEY', 'Unknown config key "tagret". Did you mean "target"?')
 */
export class GoldpathError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A wrong flag, config key or input: exit 2. */
export class UsageError extends GoldpathError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, ExitCode.Usage, options);
  }
}

/** The target, a process or a container engine failed us: exit 3. */
export class InfrastructureError extends GoldpathError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, ExitCode.Infrastructure, options);
  }
}
