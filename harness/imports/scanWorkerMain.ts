import { parentPort } from 'node:worker_threads';
import { loadPythonParser } from './loadPythonParser.ts';
import { scanPythonFiles, type ScanContext } from './scanPythonFiles.ts';

export interface ScanRequest {
  id: number;
  ctx: ScanContext;
  files: string[];
}

const port = parentPort;
if (port) {
  const parser = await loadPythonParser();
  port.on('message', (req: ScanRequest) => {
    scanPythonFiles(parser, req.ctx, req.files).then(
      (scans) => port.postMessage({ id: req.id, scans }),
      (error: unknown) =>
        port.postMessage({ id: req.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  port.postMessage({ ready: true });
}
