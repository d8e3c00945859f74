import { Worker } from 'node:worker_threads';
import type { HistoryHeader } from '../../contracts/index.ts';
import { ALL_CHECKS, checkHistoryFile } from './checkHistory.ts';
import type { CheckOptions, CheckResult } from './CheckOptions.ts';
import { scanPartition, type CheckWorkerData, type WorkerReply } from './scanPartition.ts';
import { readHistoryHeader, type ReadHistoryOptions } from './history/readHistory.ts';
import { sharesTie, type PartialScan } from './PartialScan.ts';
import { mergePartialScans } from './scanHistory.ts';
import { freshWorkerBuild } from './freshWorkerBuild.ts';

export interface WorkerCheckOptions extends CheckOptions, ReadHistoryOptions {
  /** Told why the history was checked in one thread after all (nothing is logged here: the caller decides). */
  onOneThread?: (reason: string) => void;
}

const ignore = (): void => {};

/**
 * Starts the worker of one partition. Under tsx (the sources) it runs the build when one as new as every source
 * exists (freshWorkerBuild), else it registers tsx in the worker first.
 */
function startWorker(data: CheckWorkerData): Worker {
  let entry = new URL(`./checkWorker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  if (entry.pathname.endsWith('.ts')) entry = freshWorkerBuild(entry) ?? entry;
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`,
    { eval: true, workerData: data },
  );
}

function runWorker(data: CheckWorkerData): Promise<WorkerReply> {
  return new Promise((resolve) => {
    const worker = startWorker(data);
    let reply: WorkerReply | undefined;
    worker.once('message', (message: WorkerReply) => {
      reply = message;
    });
    worker.once('error', (error) => {
      reply ??= { error: error.message };
    });
    worker.once('exit', (code) => {
      resolve(reply ?? { error: `worker ${data.index} exited with code ${code} without a result` });
    });
  });
}

/**
 * checkHistoryFile over `workers` threads (this one and workers − 1 worker threads): the users are split into partitions
 * (by a hash of their id), each thread reads the history and scans one partition's records and the records every partition needs (marks, metrics, end),
 * then the checks whose verdict needs all users merge what each gathered. Gives exactly what one thread gives: when two
 * partitions share a tie (a canary, run id or thread id seen by users of both: a leak across them), or a worker fails
 * (a bad line: its error is reported the same way), the history is checked again in one thread.
 */
export async function checkHistoryInWorkers(
  path: string,
  workers: number,
  options: WorkerCheckOptions = {},
): Promise<CheckResult & { header: HistoryHeader }> {
  const { onOneThread = ignore, ...rest } = options;
  const { onWarning, partition: _partition, ...checkOptions } = rest;
  if (workers <= 1) return checkHistoryFile(path, rest);
  const header = await readHistoryHeader(path);
  // partition 0 in this thread, meanwhile the others in worker threads (this thread would only wait)
  const data = (index: number): CheckWorkerData => ({ path, options: checkOptions, index, count: workers });
  const others = Array.from({ length: workers - 1 }, (_, i) => runWorker(data(i + 1)));
  const replies = [await scanPartition(data(0)), ...(await Promise.all(others))];
  const parts: PartialScan[] = [];
  for (const reply of replies) {
    if ('error' in reply) return checkHistoryFile(path, rest);
    parts.push(reply.partial);
  }
  for (const warning of new Set(replies.flatMap((reply) => ('warnings' in reply ? reply.warnings : []))))
    (onWarning ?? ignore)(warning);
  const merged = mergeUntied(header, checkOptions, parts);
  if (merged !== undefined) return { ...merged, header };
  onOneThread(
    'users of different worker threads share a canary, run id or thread id (a leak between them), which one thread must see whole',
  );
  return checkHistoryFile(path, rest);
}

/** The merged result of every check over the partial scans, or undefined when two of them share a tie. */
export function mergeUntied(
  header: HistoryHeader,
  options: CheckOptions,
  parts: readonly PartialScan[],
): CheckResult | undefined {
  for (let a = 0; a < parts.length; a++)
    for (let b = a + 1; b < parts.length; b++) if (sharesTie(parts[a]!.ties, parts[b]!.ties)) return undefined;
  return mergePartialScans(header, options, ALL_CHECKS, parts);
}
