import type { HistoryHeader, HistoryRecord, ReadRecord } from '../../contracts/index.ts';
import { iterateHistoryBatches, readHistoryHeader, type ReadHistoryOptions } from './history/readHistory.ts';
import type { CheckFactory } from './Check.ts';
import type { CheckOptions, CheckResult } from './CheckOptions.ts';
import { authProbeCheck } from './authProbeCheck.ts';
import { completenessCheck } from './completenessCheck.ts';
import { contractCheck } from './contractCheck.ts';
import { identityCheck } from './identityCheck.ts';
import { infraCheck } from './infraCheck.ts';
import { isolationCheck } from './isolationCheck.ts';
import { latencyCheck } from './latencyCheck.ts';
import { orderCheck } from './orderCheck.ts';
import { overloadCheck } from './overloadCheck.ts';
import { resourcesCheck } from './resourcesCheck.ts';
import { createScanner, scanHistory } from './scanHistory.ts';

/** Every check, in the order their findings are grouped. */
// overloadCheck last: it sees every other check's findings and takes back the ones goldpath's own lag caused
export const ALL_CHECKS: readonly CheckFactory[] = [
  contractCheck,
  orderCheck,
  completenessCheck,
  isolationCheck,
  identityCheck,
  latencyCheck,
  resourcesCheck,
  infraCheck,
  authProbeCheck,
  overloadCheck,
];

/**
 * Runs every check over a history in one pass. Memory is bounded by the runs open at once (plus a window of
 * recently finished ones), not by the history's length.
 * @example const { findings, stats } = await checkHistory(header, records, { unknownEvents: 'error' });
 */
export function checkHistory(
  header: HistoryHeader,
  records: Iterable<HistoryRecord | ReadRecord> | AsyncIterable<HistoryRecord | ReadRecord>,
  options: CheckOptions = {},
): Promise<CheckResult> {
  return scanHistory(header, records, options, ALL_CHECKS);
}

/**
 * Streams a history file through every check.
 * @throws HistoryFormatError (exit 2) when a line is not a valid header or record.
 */
export async function checkHistoryFile(
  path: string,
  options: CheckOptions & ReadHistoryOptions = {},
): Promise<CheckResult & { header: HistoryHeader }> {
  const header = await readHistoryHeader(path);
  const scanner = createScanner(header, options, ALL_CHECKS);
  // the scan copies what it keeps of a frame text (canaries, event keys): the reader need not copy every text
  for await (const batch of iterateHistoryBatches(path, { ...options, sliceText: true }))
    for (const record of batch) scanner.push(record);
  return { ...scanner.end(), header };
}
