import { buildFinding, type HistoryHeader, type HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { scanHistory } from './scanHistory.ts';

/**
 * Close codes that are always fine: 1000 normal, 1001 going away, 1005 no status (a client's plain close()).
 * 1006 (abnormal, no close frame) is not: the connection broke.
 */
export const NORMAL_CLOSE_CODES: readonly number[] = [1000, 1001, 1005];

/** Socket errors (infra.connection_error) and closes with a code neither normal nor allowed (infra.unexpected_close). */
export const infraCheck: CheckFactory = (ctx) => {
  const allowed = new Set([...NORMAL_CLOSE_CODES, ...ctx.expectations.allowedCloseCodes]);
  const expected = [...allowed].join(', ');
  const check: Check = {
    onClose(rec) {
      if (allowed.has(rec.code)) return;
      const reason = rec.reason !== '' ? ` (${rec.reason})` : '';
      ctx.report(
        buildFinding({
          code: 'infra.unexpected_close',
          what: `close ${rec.code}${reason}`,
          subject: { conn: rec.conn, user: rec.user, frameIndex: rec.seq },
          expected: `one of ${expected}`,
          received: String(rec.code),
        }),
      );
    },
    onError(rec) {
      ctx.report(
        buildFinding({
          code: 'infra.connection_error',
          what: 'socket error',
          subject: { conn: rec.conn, user: rec.user, frameIndex: rec.seq },
          expected: 'no socket error',
          received: rec.message,
        }),
      );
    },
  };
  return check;
};

/** The infrastructure check alone over a history. */
export async function checkInfra(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  return (await scanHistory(header, records, options, [infraCheck])).findings;
}
