/** Marks a frame the recorder could not parse as JSON. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON');

/**
 * The last frame the recorder parsed and its value. One slot is enough: a socket hands a frame to all its 'message'
 * listeners in one synchronous emit, the recorder's first, so the client reads the slot before the next frame fills
 * it. Cheaper per frame than a WeakMap (no ephemeron for the collector to trace); a frame not found is parsed again.
 */
let lastData: object | undefined;
let lastValue: unknown;

/** Keeps the value the recorder parsed from an incoming frame, so the client reading the same frame parses it once. */
export function rememberParsed(data: unknown, value: unknown): void {
  if (typeof data !== 'object' || data === null) return;
  lastData = data;
  lastValue = value;
}

/**
 * The value parsed from `data` by the recorder, or `undefined` when it did not see this frame (or no longer holds it).
 * @example const value = takeParsed(data) ?? JSON.parse(text)
 */
export function takeParsed(data: unknown): unknown {
  if (data !== lastData || lastData === undefined) return undefined;
  const value = lastValue;
  lastData = undefined;
  lastValue = undefined;
  return value;
}

/**
 * The bytes of a frame as `ws` delivers it (a Buffer, or fragments, or an ArrayBuffer, as the socket's binaryType says).
 * @example frameBytes(data).toString('utf8')
 */
export function frameBytes(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(String(data));
}
