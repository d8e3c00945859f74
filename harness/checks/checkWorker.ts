/**
 * A worker thread of checkHistoryInWorkers: scans the records of one partition of the users (and those every partition
 * gets) and posts its PartialScan, or the message of what stopped it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_CHECKS } from './checkHistory.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { iterateHistoryBatches, readHistoryHeader } from './history/readHistory.ts';
import { inPartition } from './partitionOfLine.ts';
import { createScanner } from './scanHistory.ts';

export interface CheckWorkerData {
  path: string;
  options: CheckOptions;
  index: number;
  count: number;
}

const { path, options, index, count } = workerData as CheckWorkerData;
try {
  const header = await readHistoryHeader(path);
  const scanner = createScanner(header, options, ALL_CHECKS, { partial: true });
  const warnings: string[] = [];
  const select = (line: string): boolean => inPartition(line, index, count);
  for await (const batch of iterateHistoryBatches(path, { select, onWarning: (w) => warnings.push(w) }))
    for (const record of batch) scanner.push(record);
  const partial = scanner.endPartial();
  parentPort!.postMessage({ partial, warnings }, [partial.ties.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
