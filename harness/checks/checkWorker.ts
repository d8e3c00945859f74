/** A worker thread of checkHistoryInWorkers: scans one partition of the users and posts what it gathered. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanPartition, type CheckWorkerData } from './scanPartition.ts';

const reply = await scanPartition(workerData as CheckWorkerData);
parentPort!.postMessage(reply, 'partial' in reply ? [reply.partial.ties.buffer as ArrayBuffer] : []);
