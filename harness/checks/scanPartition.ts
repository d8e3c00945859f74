import { ALL_CHECKS } from './checkHistory.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { iterateHistoryBatches, readHistoryHeader } from './history/readHistory.ts';
import type { PartialScan } from './PartialScan.ts';
import { createScanner } from './scanHistory.ts';

/** Which partition of a history a thread scans, and with what options. */
export interface CheckWorkerData {
  path: string;
  options: CheckOptions;
  index: number;
  count: number;
}

/** What scanning a partition gave: the partial scan and the warnings told meanwhile, or why it stopped. */
export type WorkerReply = { partial: PartialScan; warnings: string[] } | { error: string };

/**
 * Scans partition `index` of `count` of a history: its users' records and those every partition gets. A worker
 * thread runs it for its partition, and the calling thread for partition 0.
 */
export async function scanPartition(data: CheckWorkerData): Promise<WorkerReply> {
  const { path, options, index, count } = data;
  try {
    const header = await readHistoryHeader(path);
    const scanner = createScanner(header, options, ALL_CHECKS, { partial: true });
    const warnings: string[] = [];
    const onWarning = (warning: string): void => void warnings.push(warning);
    for await (const batch of iterateHistoryBatches(path, { partition: { index, count }, onWarning, sliceText: true }))
      for (const record of batch) scanner.push(record);
    return { partial: scanner.endPartial(), warnings };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
