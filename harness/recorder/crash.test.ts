import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../checks/history/readHistory.ts';

const WRITER = resolve(import.meta.dirname, 'HistoryWriter.ts');

describe('HistoryWriter after a crash', () => {
  it('leaves a readable history when the recording process is killed with SIGKILL mid-run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goldpath-crash-'));
    const path = join(dir, 'history.jsonl');
    const script = join(dir, 'record.mts');
    await writeFile(
      script,
      `
      import { HistoryWriter } from ${JSON.stringify(WRITER)};
      const writer = await HistoryWriter.open(${JSON.stringify(path)}, { scenario: 'crash' });
      let n = 0;
      setInterval(() => {
        for (let i = 0; i < 50; i++) writer.record({ kind: 'frame', dir: 'in', user: 'u-1', conn: 'c-1', text: JSON.stringify({ type: 'agent_thinking', n: n++, pad: 'x'.repeat(200) }), size: 10, parse: 'json' });
        if (n === 500) void writer.flush().then(() => process.stdout.write('ready\\n'));
      }, 1);
    `,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && done());
      child.once('exit', (code) => fail(new Error(`the recording process exited with ${code} before it was killed`)));
    });
    child.kill('SIGKILL');
    await new Promise((done) => child.once('exit', done));

    const warnings: string[] = [];
    const { header, records } = await readHistory(path, { onWarning: (m) => warnings.push(m) });
    expect(header.scenario).toBe('crash');
    expect(records.length).toBeGreaterThanOrEqual(500);
    expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i));
    // a cut in the middle of the last line is tolerated with a warning
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.slice(0, text.length - 40));
    const cut = await readHistory(path, { onWarning: (m) => warnings.push(m) });
    expect(cut.records.length).toBe(records.length - 1);
    expect(warnings.at(-1)).toMatch(/line \d+: truncated last line ignored \(the recorder stopped mid-write\)$/);
    await rm(dir, { recursive: true, force: true });
  });
});
