import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { HistoryWriter } from './HistoryWriter.ts';
import { attachRecorder } from './attachRecorder.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { redactProtocol } from './redactProtocol.ts';
import { redactText } from './redactText.ts';
import { redactUrl } from './redactUrl.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-recorder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function echoServer(): Promise<{ url: string; server: WebSocketServer }> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    socket.send(
      JSON.stringify({ type: 'connection_established', data: { user_id: 'u-1...', connection_id: 'main_1' } }),
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) socket.send(Buffer.from([1, 2, 3]));
      else socket.send(`{"type":"ack","received_type":"x","status":"acknowledged","token":"${JWT}"}`);
      socket.send('not json');
    });
  });
  const { port } = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/ws?token=${JWT}`, server };
}

describe('attachRecorder', () => {
  it('records open, frames in and out, and close over a real socket, redacting credentials', async () => {
    const { url, server } = await echoServer();
    const writer = await HistoryWriter.open(join(dir, 'nested', 'history.jsonl'), {
      scenario: 'recorder',
      expectations: { allowedCloseCodes: [1008] },
    });
    const socket = new WebSocket(url, [`jwt.${JWT}`]);
    const detach = attachRecorder(socket, writer, { user: 'u-1', conn: 'c-1', url });
    const inbox: string[] = [];
    socket.on('message', (data) => inbox.push(String(data)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'start_agent', payload: { user_request: 'hello', token: 'secret-value' } }));
    socket.send(Buffer.from([9, 9]));
    while (inbox.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.close(1000, 'done');
    await new Promise((resolve) => socket.once('close', resolve));
    detach();
    await writer.close();
    server.close();

    const { header, records } = await readHistory(writer.path);
    expect(header).toMatchObject({
      kind: 'header',
      format: 'goldpath.history',
      version: 2,
      scenario: 'recorder',
      expectations: { allowedCloseCodes: [1008] },
    });
    expect(records.map((r) => (r.kind === 'frame' ? `${r.dir}:${r.parse}` : r.kind))).toEqual([
      'open',
      'in:json',
      'out:json',
      'out:binary',
      'in:json',
      'in:invalid_json',
      'in:binary',
      'in:invalid_json',
      'close',
      'end',
    ]);
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(records.at(-1)).toMatchObject({ kind: 'end', reason: 'closed', records: 9 });
    expect(records[0]).toMatchObject({
      kind: 'open',
      user: 'u-1',
      conn: 'c-1',
      url: expect.stringMatching(/\/ws\?token=\[REDACTED\]$/),
      protocol: 'jwt.[REDACTED]',
    });
    expect(records[2]).toMatchObject({
      text: '{"type":"start_agent","payload":{"user_request":"hello","token":"[REDACTED]"}}',
    });
    expect(records[3]).toMatchObject({ text: 'CQk=', binary: true, size: 2 });
    expect(records[4]).toMatchObject({
      text: '{"type":"ack","received_type":"x","status":"acknowledged","token":"[REDACTED]"}',
    });
    expect(records[8]).toMatchObject({ kind: 'close', code: 1000, reason: 'done' });
    expect(await readFile(writer.path, 'utf8')).not.toContain(JWT);
    expect(socket.listenerCount('message')).toBe(1);
  });

  it('restores send and removes its listeners when detached', async () => {
    const { url, server } = await echoServer();
    const writer = await HistoryWriter.open(join(dir, 'h.jsonl'));
    const socket = new WebSocket(url);
    const send = socket.send;
    await new Promise((resolve) => socket.once('open', resolve));
    const detach = attachRecorder(socket, writer, { user: 'u-1', conn: 'c-1', url });
    expect(socket.send).not.toBe(send);
    detach();
    expect(socket.send).toBe(send);
    expect(['message', 'close', 'error', 'open'].map((e) => socket.listenerCount(e))).toEqual([0, 0, 0, 0]);
    socket.close();
    await writer.close();
    server.close();
    expect((await readHistory(writer.path)).records.map((r) => r.kind)).toEqual(['open', 'end']);
  });
});

describe('redaction', () => {
  it('redacts JWTs, secret JSON values, token query parameters and subprotocols', () => {
    expect(redactText(`{"text":"token is ${JWT} ok","password":"p\\"w","n":1}`)).toBe(
      '{"text":"token is [REDACTED:jwt] ok","password":"[REDACTED]","n":1}',
    );
    expect(redactUrl('ws://h/ws?ticket=t-1&x=1&access_token=abc')).toBe(
      'ws://h/ws?ticket=[REDACTED]&x=1&access_token=[REDACTED]',
    );
    expect(redactProtocol(`jwt.${JWT}, chat`)).toBe('jwt.[REDACTED], chat');
  });
});

describe('HistoryWriter', () => {
  it('writes a frame line exactly as JSON.stringify of its record would, redacted', async () => {
    const writer = await HistoryWriter.open(join(dir, 'frames.jsonl'));
    const text = `{"type":"agent_thinking","reasoning":"quote \\" and \\n ünï \u2028","token":"${JWT}"}`;
    writer.record({ kind: 'frame', dir: 'in', user: 'u-"1', conn: 'c\\1', text, size: 10, parse: 'json' });
    writer.frame('u-1', 'c-1', 'out', 'AAEC', 3, 'binary', true);
    await writer.close();
    const lines = (await readFile(writer.path, 'utf8'))
      .trim()
      .split('\n')
      .slice(1, -1)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const expected = [
      {
        kind: 'frame',
        user: 'u-"1',
        conn: 'c\\1',
        dir: 'in',
        size: 10,
        parse: 'json',
        frame: JSON.parse(redactText(text)) as unknown,
      },
      { kind: 'frame', user: 'u-1', conn: 'c-1', dir: 'out', text: 'AAEC', binary: true, size: 3, parse: 'binary' },
    ];
    expect(
      lines.map(({ seq, mono, wall, ...rest }) => [typeof seq, typeof mono, typeof wall, JSON.stringify(rest)]),
    ).toEqual(expected.map((rec) => ['number', 'number', 'number', JSON.stringify(rec)]));
  });
});

describe('HistoryWriter buffering', () => {
  it('writes every line whole and in order across its write buffer: small, multi-byte and larger-than-buffer frames', async () => {
    const writer = await HistoryWriter.open(join(dir, 'buffered.jsonl'));
    const sent: Array<{ user: string; conn: string; frame: unknown }> = [];
    for (let i = 0; i < 3000; i++) {
      // the same conn name under two users: a line names the user it was recorded for
      const user = i % 7 === 0 ? 'u-ü' : `u-${i % 3}`;
      const conn = `c-${i % 5}`;
      const size = i % 500 === 0 ? 200_000 + i : i % 97 === 0 ? 50_000 : i % 31 === 0 ? 5_000 : i % 13;
      const frame = { type: 'agent_thinking', seq: i, reasoning: `${'é🙂x'.repeat(size)}` };
      writer.frame(user, conn, 'in', JSON.stringify(frame), size, 'json');
      sent.push({ user, conn, frame });
    }
    await writer.close();
    const lines = (await readFile(writer.path, 'utf8')).split('\n');
    expect(lines.at(-1)).toBe('');
    const frames = lines
      .slice(1, -2)
      .map((line) => JSON.parse(line) as { seq: number; user: string; conn: string; frame: unknown });
    expect(frames.map((r) => r.seq)).toEqual(sent.map((_, i) => i));
    expect(frames.map(({ user, conn, frame }) => ({ user, conn, frame }))).toEqual(sent);
  });
});

describe('readHistory', () => {
  it('names the line and the reason of an invalid record', async () => {
    const path = join(dir, 'bad.jsonl');
    const writer = await HistoryWriter.open(path);
    writer.mark('phase');
    await writer.close();
    await writeFile(path, `${await readFile(path, 'utf8')}{"kind":"frame","seq":1}\n`);
    await expect(readHistory(path)).rejects.toThrow(
      `${path} line 4: invalid frame record: mono: Invalid input: expected number, received undefined`,
    );
    await writeFile(path, '{"kind":"nope"}\n');
    await expect(readHistory(path)).rejects.toThrow(/line 1: expected a goldpath.history header/);
  });
});

describe('HistoryWriter size limit', () => {
  it('records a frame over the limit with its long values cut, its full size and a mark of the cut', async () => {
    const writer = await HistoryWriter.open(join(dir, 'big.jsonl'), { maxFrameBytes: 4096 });
    const frame = JSON.stringify({ type: 'agent_started', run_id: 'r-1', user_id: 'x'.repeat(100_000) });
    writer.frame('u-1', 'c-1', 'in', frame, frame.length, 'json');
    writer.frame('u-1', 'c-1', 'in', `not json ${'y'.repeat(10_000)}`, 10_009, 'invalid_json');
    await writer.close();
    const { records } = await readHistory(writer.path);
    const [values, text, end] = records;
    expect(values).toMatchObject({ kind: 'frame', size: frame.length, parse: 'json', truncated: 'values' });
    expect(JSON.parse((values as { text: string }).text)).toEqual({
      type: 'agent_started',
      run_id: 'r-1',
      user_id: `${'x'.repeat(1024)}…[cut: 100000 characters]`,
    });
    expect(text).toMatchObject({ kind: 'frame', size: 10_009, truncated: 'text' });
    expect((text as { text: string }).text).toHaveLength(4096);
    expect(end).toMatchObject({ kind: 'end', reason: 'closed', records: 2, cutFrames: 2 });
  });
});

describe('HistoryWriter.frame with the bytes a frame arrived as', () => {
  /** The lines of a history without their times (which differ from one writer to the next). */
  async function timelessLines(path: string): Promise<string[]> {
    const lines = (await readFile(path, 'utf8')).split('\n').slice(1);
    return lines.map((line) => line.replace(/^\{"seq":(\d+),"mono":\d+,"wall":\d+,/, '{"seq":$1,'));
  }

  it('writes the same lines with the bytes as from the text alone, for any frame', async () => {
    const texts = [
      '{"type":"agent_started","run_id":"r-1"}',
      `{"type":"ack","token":"${JWT}"}`,
      '{"type":"agent_thinking",\n"reasoning":"raw line break"}',
      '{"type":"agent_thinking",\r"reasoning":"raw carriage return"}',
      '{"type":"agent_thinking","reasoning":"ünï 🙂 \u2028 \\" \\n"}',
      `{"type":"tool_completed","results":"${'é'.repeat(3000)}"}`,
      `{"type":"tool_completed","results":"${'x'.repeat(200_000)}"}`,
      '{"type":"x","Password" : "p\\"w"}',
      '["not","an","object"]',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...texts), fc.json({ maxDepth: 3 })), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1024, 4096, 1024 * 1024),
        async (frames, maxFrameBytes) => {
          const plain = await HistoryWriter.open(join(dir, 'plain.jsonl'), { maxFrameBytes });
          const withBytes = await HistoryWriter.open(join(dir, 'bytes.jsonl'), { maxFrameBytes });
          for (const [i, text] of frames.entries()) {
            const bytes = Buffer.from(text);
            const user = i % 3 === 0 ? 'u-ü' : 'u-1';
            const dir = i % 2 === 0 ? 'in' : 'out';
            plain.frame(user, `c-${i % 2}`, dir, text, bytes.length, 'json');
            withBytes.frame(user, `c-${i % 2}`, dir, text, bytes.length, 'json', undefined, bytes);
          }
          await plain.close();
          await withBytes.close();
          expect(await timelessLines(withBytes.path)).toEqual(await timelessLines(plain.path));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('copies the bytes of a frame embedded as it is, and writes the text where it is redacted, re-serialised, cut or was not valid UTF-8', async () => {
    const writer = await HistoryWriter.open(join(dir, 'which.jsonl'), { maxFrameBytes: 4096 });
    // bytes that differ from their text show which of the two a line was written from
    const write = (text: string, bytes: Buffer): number =>
      writer.frame('u-1', 'c-1', 'in', text, bytes.length, 'json', undefined, bytes);
    write('{"type":"a"}', Buffer.from('{"type":"B"}'));
    write(`{"type":"a","token":"t"}`, Buffer.from('{"type":"B","token":"t"}'));
    write('{"type":"a",\n"n":1}', Buffer.from('{"type":"B",\n"n":1}'));
    write(`{"type":"a","v":"${'x'.repeat(5000)}"}`, Buffer.from(`{"type":"B","v":"${'x'.repeat(5000)}"}`));
    const invalid = Buffer.from([...Buffer.from('{"type":"a'), 0xff, ...Buffer.from('"}')]);
    write(invalid.toString('utf8'), invalid);
    await writer.close();
    const frames = (await readFile(writer.path, 'utf8'))
      .split('\n')
      .slice(1, 6)
      .map((line) => JSON.parse(line) as { frame?: { type: string }; text?: string });
    expect(frames.map((r) => r.frame?.type ?? JSON.parse(r.text!).type)).toEqual(['B', 'a', 'a', 'a', 'a\uFFFD']);
    expect(JSON.stringify(frames[1])).toContain('"token":"[REDACTED]"');
  });
});
