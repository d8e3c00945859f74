import { endOpenHistories } from '../../recorder/HistoryWriter.ts';
import { writeStopReason } from './stopReason.ts';
import { watchParent } from './watchParent.ts';

let installed = false;

/**
 * In a Playwright worker of a goldpath run: a stop signal, the runner going away (IPC disconnect) or the goldpath
 * process dying ends every open history with an `interrupted` end record and exits at once, instead of Playwright's
 * graceful teardown that keeps loading the backend for seconds. Outside a worker it does nothing.
 */
export function installWorkerStop(): void {
  if (installed || process.env.TEST_WORKER_INDEX === undefined || process.env.GOLDPATH_PARENT_PID === undefined) return;
  installed = true;
  const stop =
    (code: number, orphaned = false) =>
    (): void => {
      endOpenHistories();
      // a worker may notice the dead goldpath before the runner does: say why first, so the runner's reports say
      // "interrupted (parent_died)" and never read this exit as a crash of the backend or of the worker
      const outDir = process.env.GOLDPATH_OUT_DIR;
      if (orphaned && outDir !== undefined) writeStopReason(outDir, 'parent_died');
      process.exit(code);
    };
  process.on('SIGTERM', stop(143));
  process.on('SIGINT', stop(130));
  process.on('disconnect', stop(137));
  watchParent(stop(137, true));
}
