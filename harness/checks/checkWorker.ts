/** A worker thread of checkHistoryInWorkers: scans one partition of the users and posts what it gathered. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanPartition } from './checkHistoryInWorkers.ts';
import type { CheckOptions } from './CheckOptions.ts';

export interface CheckWorkerData {
  path: string;
  options: CheckOptions;
  index: number;
  count: number;
}

const reply = await scanPartition(workerData as CheckWorkerData);
parentPort!.postMessage(reply, 'partial' in reply ? [reply.partial.ties.buffer as ArrayBuffer] : []);
