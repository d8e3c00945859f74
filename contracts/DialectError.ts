/** A wire frame that a dialect cannot map to a canonical event. */
export class DialectError extends Error {
  readonly code = 'GOLDPATH_DIALECT_UNMAPPABLE';
  constructor(
    readonly dialect: string,
    readonly reason: string,
  ) {
    super(`${dialect} dialect cannot map this frame: ${reason}`);
    this.name = 'DialectError';
  }
}
