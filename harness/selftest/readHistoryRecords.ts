import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** The records of a history file (JSON lines after the header), parsed loosely: the self-test reads seq, wall and metrics. */
export interface LooseRecord {
  seq?: number;
  wall?: number;
  kind?: string;
  phase?: string;
  metrics?: Record<string, unknown>;
}

/**
 * Streams a history file and hands each record to `visit`; unreadable lines are skipped.
 * @example await readHistoryRecords('reports/x/histories/a.jsonl', (r) => { if (r.seq === 7) wall = r.wall })
 */
export async function readHistoryRecords(path: string, visit: (record: LooseRecord) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    if (line.trim() === '') continue;
    try {
      visit(JSON.parse(line) as LooseRecord);
    } catch {
      // a torn last line of a history stopped mid-write
    }
  }
}
