import { KNOWN_SERVER_TYPES, ServerMessage, type HistoryHeader, type HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory, FrameObservation } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { snippet, where } from './describeFrame.ts';
import { scanHistory } from './scanHistory.ts';
import { ValidationMemo } from './ValidationMemo.ts';

/**
 * Every server frame against the zod contracts: JSON text (contract.invalid_json, contract.binary_frame), mappable by
 * the dialect (contract.unmappable_frame), a known type (contract.unknown_event, once per type with a count) and the
 * schema of its type (contract.schema_mismatch). A frame of a structure already accepted is not validated again (ValidationMemo).
 */
export const contractCheck: CheckFactory = (ctx) => {
  const mode = ctx.options.unknownEvents ?? 'warn';
  const unknown = new Map<string, { obs: FrameObservation; count: number }>();
  const memo = new ValidationMemo(ServerMessage);
  const check: Check = {
    onServerFrame(obs) {
      const { rec } = obs;
      const base = { user: rec.user, frameIndex: rec.seq };
      if (obs.parse === 'binary') {
        ctx.report({ code: 'contract.binary_frame', severity: 'error', ...base,
          message: `binary frame on socket ${rec.conn} of user ${rec.user} at frame ${rec.seq}: expected a JSON text frame, received ${rec.size} bytes of binary`,
          expected: 'a JSON text frame', received: `${rec.size} bytes of binary` });
        return;
      }
      if (obs.parse === 'invalid_json') {
        ctx.report({ code: 'contract.invalid_json', severity: 'error', ...base,
          message: `invalid JSON on socket ${rec.conn} of user ${rec.user} at frame ${rec.seq}: expected a JSON text frame, received ${snippet(rec.text)}`,
          expected: 'a JSON text frame', received: snippet(rec.text) });
        return;
      }
      const event = obs.event;
      if (event === undefined) {
        ctx.report({ code: 'contract.unmappable_frame', severity: 'error', ...base,
          message: `unmappable frame on socket ${rec.conn} of user ${rec.user} at frame ${rec.seq}: expected a JSON object with a string "type", received ${obs.dialectError ?? snippet(rec.text)}`,
          expected: 'a JSON object with a string "type"', received: obs.dialectError ?? snippet(rec.text) });
        return;
      }
      if (!KNOWN_SERVER_TYPES.has(event.type)) {
        if (mode === 'ignore') return;
        const seen = unknown.get(event.type);
        if (seen === undefined) unknown.set(event.type, { obs, count: 1 });
        else seen.count++;
        return;
      }
      if (memo.known(obs.json)) return;
      const parsed = ServerMessage.safeParse(obs.json);
      if (parsed.success) {
        memo.remember(obs.json);
        return;
      }
      const expected = parsed.error.issues.map((i) => i.message).join('; ');
      ctx.report({ code: 'contract.schema_mismatch', severity: 'error', ...base, ...(event.runId !== undefined && { runId: event.runId }),
        message: `${event.type} breaks its contract in ${where(rec.user, rec.conn, event.runId)} at frame ${rec.seq}: expected ${expected}, received ${snippet(rec.text, 160)}`,
        expected, received: snippet(rec.text, 160) });
    },
    finish() {
      for (const [type, { obs, count }] of unknown) {
        const { rec } = obs;
        const more = count > 1 ? ` (and ${count - 1} more)` : '';
        ctx.report({ code: 'contract.unknown_event', severity: mode === 'error' ? 'error' : 'warning', user: rec.user, frameIndex: rec.seq,
          ...(obs.event?.runId !== undefined && { runId: obs.event.runId }),
          message: `unknown event type ${type} on socket ${rec.conn} of user ${rec.user} at frame ${rec.seq}${more}: expected one of the contract's types, received ${type}`,
          expected: "one of the contract's types", received: type });
      }
    },
  };
  return check;
};

/** The contract check alone over a history. */
export async function checkContract(header: HistoryHeader, records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>, options: CheckOptions = {}) {
  return (await scanHistory(header, records, options, [contractCheck])).findings;
}
