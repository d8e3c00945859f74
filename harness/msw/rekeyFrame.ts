import { timestampToMs } from '../../contracts/index.ts';

/** What a recorded frame is re-keyed with: text replacements (longest first) and a shift of its timestamps. */
export interface Rekeying {
  replace: ReadonlyArray<readonly [from: string, to: string]>;
  /** Added to every `timestamp` / `server_time` of the frame (ms). */
  shiftMs: number;
}

const TIME_KEYS = new Set(['timestamp', 'server_time']);

function shifted(value: unknown, shiftMs: number): unknown {
  const ms = timestampToMs(value);
  if (ms === undefined || shiftMs === 0) return value;
  if (typeof value === 'number') return value > 1e11 ? value + shiftMs : (ms + shiftMs) / 1000;
  return new Date(ms + shiftMs).toISOString();
}

interface Compiled {
  pattern: RegExp | undefined;
  to: Map<string, string>;
  shiftMs: number;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pass over the text, longest match first: a replacement's own text is never replaced again. */
function replaced(text: string, compiled: Compiled): string {
  return compiled.pattern === undefined
    ? text
    : text.replace(compiled.pattern, (match) => compiled.to.get(match) ?? match);
}

function walk(value: unknown, key: string | undefined, rekeying: Compiled): unknown {
  if (key !== undefined && TIME_KEYS.has(key) && (typeof value === 'number' || typeof value === 'string'))
    return shifted(value, rekeying.shiftMs);
  if (typeof value === 'string') return replaced(value, rekeying);
  if (Array.isArray(value)) return value.map((item) => walk(item, undefined, rekeying));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, rekeying);
    return out;
  }
  return value;
}

/**
 * A copy of a recorded frame with its ids and quoted request replaced in every string value, and its timestamps moved
 * to the replay's time. Works on the parsed value, so a replacement never breaks JSON escaping.
 * @example rekeyFrame(frame, { replace: [['run_chat_3_a1b2c3d4', 'run_chat_1_0f0f0f0f']], shiftMs: 0 })
 */
export function rekeyFrame(frame: Record<string, unknown>, rekeying: Rekeying): Record<string, unknown> {
  return walk(frame, undefined, compileRekeying(rekeying)) as Record<string, unknown>;
}

function compileRekeying(rekeying: Rekeying): Compiled {
  const to = new Map<string, string>();
  for (const [from, replacement] of rekeying.replace)
    if (from.length > 0 && from !== replacement && !to.has(from)) to.set(from, replacement);
  const froms = [...to.keys()].sort((a, b) => b.length - a.length);
  return {
    pattern: froms.length > 0 ? new RegExp(froms.map(escape).join('|'), 'g') : undefined,
    to,
    shiftMs: rekeying.shiftMs,
  };
}
