import { toReadFrame, type Finding, type HistoryHeader } from '../../contracts/index.ts';
import type { CheckOptions } from '../checks/CheckOptions.ts';
import { contractCheck } from '../checks/contractCheck.ts';
import { createScanner } from '../checks/scanHistory.ts';

export interface FrameToValidate {
  text: string;
  user: string;
  conn: string;
  /** The seq of the history record it replays, so the finding points at it ("at frame 12"). */
  seq?: number;
}

/**
 * The contract check's findings (errors only) on one server frame, exactly as `goldpath check` would report them for
 * that frame in a history.
 * @example validateFrame(header, { text: JSON.stringify(frame), user: 'alice', conn: 'mock-1' }) // [] when it holds
 */
export function validateFrame(
  header: HistoryHeader,
  frame: FrameToValidate,
  options: Pick<CheckOptions, 'unknownEvents'> = {},
): Finding[] {
  const scanner = createScanner(header, options, [contractCheck]);
  scanner.push(
    toReadFrame({
      kind: 'frame',
      seq: frame.seq ?? 0,
      mono: 0,
      wall: Date.now(),
      user: frame.user,
      conn: frame.conn,
      dir: 'in',
      text: frame.text,
      size: Buffer.byteLength(frame.text),
      parse: 'json',
    }),
  );
  return scanner.end().findings.filter((f) => f.severity === 'error');
}
