/** Marks a frame the recorder could not parse as JSON. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON');

const parsed = new WeakMap<object, unknown>();

/** Keeps the value the recorder parsed from an incoming frame, so the client reading the same frame parses it once. */
export function rememberParsed(data: unknown, value: unknown): void {
  if (typeof data === 'object' && data !== null) parsed.set(data, value);
}

/**
 * The value parsed from `data` by the recorder, or `undefined` when it did not see this frame.
 * @example const value = takeParsed(data) ?? JSON.parse(text)
 */
export function takeParsed(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return undefined;
  const value = parsed.get(data);
  if (value !== undefined) parsed.delete(data);
  return value;
}
