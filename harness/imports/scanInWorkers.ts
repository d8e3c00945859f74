import { Worker } from 'node:worker_threads';
import { InfrastructureError } from '../common/GoldpathError.ts';
import type { FileScan, ScanContext } from './scanPythonFiles.ts';
import type { ScanRequest } from './scanWorkerMain.ts';

const CHUNK = 100;
/** A chunk of 100 files parses in well under a second on an idle core; a worker silent for five minutes is stuck. */
const CHUNK_DEADLINE_MS = 300_000;

type Reply = { ready: true } | { id: number; scans: FileScan[] } | { id: number; error: string };

/**
 * Scans `files` on `threads` worker threads, chunk by chunk, and returns the scans in file order. Every worker is
 * terminated when it returns or throws.
 */
export async function scanInWorkers(ctx: ScanContext, files: readonly string[], threads: number): Promise<FileScan[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK));
  const results: FileScan[][] = new Array(chunks.length);
  const workers: Worker[] = [];
  let next = 0;
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./scanWorker.mjs', import.meta.url));
      workers.push(worker);
      let timer: NodeJS.Timeout | undefined;
      let current = -1;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            reject(
              new InfrastructureError(
                'GOLDPATH_IMPORTS_WORKER_STUCK',
                `an import census worker gave no answer for chunk ${current + 1} of ${chunks.length} (${CHUNK} files) within ${CHUNK_DEADLINE_MS} ms`,
              ),
            ),
          CHUNK_DEADLINE_MS,
        );
      };
      const send = () => {
        if (next >= chunks.length) {
          clearTimeout(timer);
          resolve();
          return;
        }
        current = next++;
        const req: ScanRequest = { id: current, ctx, files: chunks[current]! };
        arm();
        worker.postMessage(req);
      };
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) return send();
        if ('error' in reply) {
          clearTimeout(timer);
          reject(
            new InfrastructureError(
              'GOLDPATH_IMPORTS_WORKER_FAILED',
              `an import census worker failed on chunk ${reply.id + 1} of ${chunks.length}: ${reply.error}`,
            ),
          );
          return;
        }
        results[reply.id] = reply.scans;
        send();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(
          new InfrastructureError(
            'GOLDPATH_IMPORTS_WORKER_FAILED',
            `an import census worker stopped: ${error.message}`,
            { cause: error },
          ),
        );
      });
      arm();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(threads, chunks.length) }, runWorker));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
