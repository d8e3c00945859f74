import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { redactTokens } from './redactTokens.ts';

const KEEP_LINES = 2_000;

/**
 * The captured output of a process or container target: redacted lines, kept in memory (the last 2000)
 * and appended to `<logDir>/target.log` when a logDir is given.
 */
export class TargetLog {
  private readonly lines: string[] = [];
  private readonly listeners = new Set<(line: string) => void>();
  private readonly file: WriteStream | undefined;
  private partial = new Map<string, string>();

  /** @param secrets values hidden wherever they appear, e.g. the HS256 secret a command line carries */
  constructor(
    logDir?: string,
    private readonly secrets: readonly string[] = [],
  ) {
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      this.file = createWriteStream(join(logDir, 'target.log'), { flags: 'a' });
    }
  }

  /** Feeds a chunk of a stream; whole lines are recorded, a trailing partial line waits for its end. */
  write(stream: string, chunk: Buffer | string): void {
    const text = (this.partial.get(stream) ?? '') + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial.set(stream, parts.pop() ?? '');
    for (const part of parts) this.add(stream, part);
  }

  /** Records one line with its stream tag, e.g. "[stderr] boom". */
  add(stream: string, raw: string): void {
    const line = `[${stream}] ${redactTokens(raw, this.secrets)}`;
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.splice(0, this.lines.length - KEEP_LINES);
    this.file?.write(`${line}\n`);
    for (const listener of this.listeners) listener(line);
  }

  /** Calls `listener` for every new line; returns the function that detaches it. */
  onLine(listener: (line: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): string[] {
    for (const [stream, rest] of this.partial) if (rest) this.add(stream, rest);
    this.partial = new Map();
    return [...this.lines];
  }

  /** The last n lines, indented for an error message. */
  tail(n = 20): string {
    const last = this.all().slice(-n);
    return last.length > 0 ? last.map((l) => `    ${l}`).join('\n') : '    (no output)';
  }

  async close(): Promise<void> {
    this.all();
    const file = this.file;
    if (file && !file.closed) await new Promise<void>((resolve) => file.end(resolve));
  }
}
