/**
 * The one lenient field reader of goldpath: the normalizer, the contracts, every check and the client read wire frames
 * through it, so they cannot disagree about where a field is.
 *
 * Reading order (as data below): the top level, then `data`, then `payload`; a null is as good as absent. Only for the
 * fields in METADATA_FIELDS, and only as a last resort, `metadata`, then `data.metadata`, then `payload.metadata`: the
 * emitter keeps an agent's name there on its thinking frames, and a tool's result on its completions.
 */
export const FIELD_PLACES = ['top', 'data', 'payload'] as const;
export const METADATA_PLACES = ['metadata', 'data.metadata', 'payload.metadata'] as const;
export type FieldPlace = (typeof FIELD_PLACES)[number] | (typeof METADATA_PLACES)[number];

/** Fields that may also be found under `metadata` (last resort). */
export const METADATA_FIELDS: ReadonlySet<string> = new Set(['agent_name', 'result']);

/**
 * Where a tool_completed may carry its result, in order: `results` anywhere, or `result` nested (a top-level `result`
 * is not one: no real server sends it, and a frontend would not read it).
 */
export const TOOL_RESULT_PLACES: readonly (readonly [FieldPlace, string])[] = [
  ['top', 'results'],
  ['data', 'results'],
  ['payload', 'results'],
  ['data', 'result'],
  ['payload', 'result'],
  ['metadata', 'result'],
  ['data.metadata', 'result'],
  ['payload.metadata', 'result'],
];

type Body = Record<string, unknown>;

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The object at one place of a frame, if there is one. */
export function holderAt(frame: Body, place: FieldPlace): Body | undefined {
  switch (place) {
    case 'top':
      return frame;
    case 'data':
    case 'payload':
    case 'metadata': {
      const holder = frame[place];
      return isBody(holder) ? holder : undefined;
    }
    case 'data.metadata':
    case 'payload.metadata': {
      const outer = frame[place === 'data.metadata' ? 'data' : 'payload'];
      const holder = isBody(outer) ? outer.metadata : undefined;
      return isBody(holder) ? holder : undefined;
    }
  }
}

/** The value of `field` at one place (undefined when absent or null). */
export function readAt(frame: Body, place: FieldPlace, field: string): unknown {
  const value = holderAt(frame, place)?.[field];
  return present(value) ? value : undefined;
}

/**
 * Where the lenient reader finds `field`, or undefined.
 * @example fieldPlace({ type: 'tool_executing', data: { tool_name: 'search' } }, 'tool_name') // 'data'
 */
export function fieldPlace(frame: Body, field: string): FieldPlace | undefined {
  if (present(frame[field])) return 'top';
  const data = frame.data;
  if (isBody(data) && present(data[field])) return 'data';
  const payload = frame.payload;
  if (isBody(payload) && present(payload[field])) return 'payload';
  if (!METADATA_FIELDS.has(field)) return undefined;
  for (const place of METADATA_PLACES) if (readAt(frame, place, field) !== undefined) return place;
  return undefined;
}

/**
 * Lenient read of one field (runs per event: no arrays allocated on the common path).
 * @example readField({ type: 'agent_thinking', data: { reasoning: 'x', metadata: { agent_name: 'triage' } } }, 'agent_name') // 'triage'
 */
export function readField(frame: Body, field: string): unknown {
  const data = frame.data;
  const payload = frame.payload;
  return readFieldOf(frame, isBody(data) ? data : undefined, isBody(payload) ? payload : undefined, field);
}

/**
 * readField for a caller that reads many fields of one frame: `data` and `payload` are the frame's own (objects or
 * undefined), looked up once.
 */
export function readFieldOf(frame: Body, data: Body | undefined, payload: Body | undefined, field: string): unknown {
  let value = frame[field];
  if (value !== undefined && value !== null) return value;
  if (data !== undefined) {
    value = data[field];
    if (value !== undefined && value !== null) return value;
  }
  if (payload !== undefined) {
    value = payload[field];
    if (value !== undefined && value !== null) return value;
  }
  if (!METADATA_FIELDS.has(field)) return undefined;
  for (const place of METADATA_PLACES) {
    value = readAt(frame, place, field);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** A value read as an id-like string: a non-empty string, or a number as text. */
export function asIdString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A field read as an id-like string (see asIdString). */
export function readString(frame: Body, field: string): string | undefined {
  return asIdString(readField(frame, field));
}

/** The first of several fields, place by place: every field at the top level before any under `data`, then `payload`. */
export function readFirstString(frame: Body, fields: readonly string[]): string | undefined {
  for (const place of FIELD_PLACES) {
    const holder = holderAt(frame, place);
    if (holder === undefined) continue;
    for (const field of fields) {
      const value = holder[field];
      if (typeof value === 'string' && value.length > 0) return value;
      if (typeof value === 'number') return String(value);
    }
  }
  return undefined;
}

/** A tool_completed's result, wherever TOOL_RESULT_PLACES allow it. */
export function readToolResult(frame: Body): unknown {
  for (const [place, field] of TOOL_RESULT_PLACES) {
    const value = readAt(frame, place, field);
    if (value !== undefined) return value;
  }
  return undefined;
}
