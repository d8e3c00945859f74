import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startNetraLikeBackend, type NetraBug } from '../../test/backends/startNetraLikeBackend.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { SimulatedUser } from '../client/SimulatedUser.ts';
import { attachRecorder } from './attachRecorder.ts';
import { HistoryWriter } from './HistoryWriter.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { redactText } from './redactText.ts';
import { asVersion2 } from '../../contracts/testing/asVersion2.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const V1_FIXTURE = new URL('../../contracts/fixtures/history-v1-shared-agent-state.jsonl', import.meta.url);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-history-versions-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Version 2 lines as version 1 stores them: every frame as `text` (the text the recorder embedded), header version 1. */
async function toVersion1(v2: string, v1: string): Promise<void> {
  const { header, records } = await readHistory(v2);
  const lines = [JSON.stringify({ ...header, version: 1 })];
  for (const r of records) {
    if (r.kind !== 'frame') lines.push(JSON.stringify(r));
    else {
      const { value: _value, binary, truncated, ...rest } = r;
      const { seq, mono, wall, kind, user, conn, dir, text, size, parse } = rest;
      lines.push(
        JSON.stringify({
          seq,
          mono,
          wall,
          kind,
          user,
          conn,
          dir,
          text,
          ...(binary !== undefined && { binary }),
          size,
          parse,
          ...(truncated !== undefined && { truncated }),
        }),
      );
    }
  }
  await writeFile(v1, `${lines.join('\n')}\n`);
}

/** Two users each send one request while the backend runs with `bugs`; every frame recorded in version 2. */
async function recordSession(path: string, bugs: NetraBug[]): Promise<void> {
  await using backend = await startNetraLikeBackend({ shape: 'pipeline', bugs });
  const writer = await HistoryWriter.open(path, { scenario: 'two users' });
  const users = ['gp-vers-u0001', 'gp-vers-u0002'].map(
    (userId) =>
      new SimulatedUser({
        userId,
        wsUrl: backend.wsUrl,
        auth: { kind: 'jwt', secret: backend.secret },
        record: (socket, meta) => attachRecorder(socket, writer, meta),
      }),
  );
  try {
    await Promise.all(users.map((user) => user.connect()));
    const runs = users.map((user, i) => user.startAgent(`Compare the plans of user ${i + 1}`));
    await Promise.all(runs.map((run) => run.completed({ timeoutMs: 10_000 }).catch(() => undefined)));
  } finally {
    await Promise.all(users.map((user) => user.close()));
    await writer.close();
  }
}

/** What the checks say, without the header (which names the version). */
async function verdict(path: string): Promise<unknown> {
  const { header: _header, ...result } = await checkHistoryFile(path);
  return result;
}

describe('history versions 1 and 2', { timeout: 60_000 }, () => {
  it.each<[string, NetraBug[]]>([
    ['a clean session', []],
    ['a session whose backend shares agent state between users', ['shared-agent-state']],
    ['a session whose tool results are missing', ['tool-completed-without-results']],
  ])('give the same check results for %s, recorded on real sockets', async (name, bugs) => {
    const v2 = join(dir, `${name}.v2.jsonl`);
    const v1 = join(dir, `${name}.v1.jsonl`);
    await recordSession(v2, bugs);
    await toVersion1(v2, v1);
    const v2Lines = await readFile(v2, 'utf8');
    expect(v2Lines).toContain('"frame":{');
    expect(await readFile(v1, 'utf8')).not.toContain('"frame":');
    expect((await readHistory(v2)).header.version).toBe(2);
    const [one, two] = [await verdict(v1), await verdict(v2)];
    expect(two).toEqual(one);
    const codes = (one as { findings: { code: string }[] }).findings.map((f) => f.code);
    if (bugs.length === 0) expect(codes).toEqual([]);
    else expect(codes.length).toBeGreaterThan(0);
  });

  it('reads a version 1 history recorded before version 2, with the same findings as its version 2 form', async () => {
    const v1 = join(dir, 'fixture.v1.jsonl');
    const v2 = join(dir, 'fixture.v2.jsonl');
    const text = await readFile(V1_FIXTURE, 'utf8');
    await writeFile(v1, text);
    await writeFile(v2, asVersion2(text));
    const one = (await readHistory(v1)).records;
    const two = (await readHistory(v2)).records;
    expect((await readHistory(v1)).header.version).toBe(1);
    expect(two).toEqual(one);
    const result = await verdict(v1);
    expect(await verdict(v2)).toEqual(result);
    expect((result as { findings: { code: string }[] }).findings.map((f) => f.code)).toContain(
      'isolation.foreign_canary',
    );
  });
});

describe('HistoryWriter version 2', () => {
  it('embeds a JSON frame as its redacted text, without parsing or serialising it again', async () => {
    const writer = await HistoryWriter.open(join(dir, 'embed.jsonl'));
    const text = `{"type":"agent_thinking", "reasoning":"a \\"quote\\" and \\n","token":"${JWT}","n":[1, 2.50]}`;
    const parse = vi.spyOn(JSON, 'parse');
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      writer.frame('u-1', 'c-1', 'in', text, text.length, 'json');
      expect(parse).not.toHaveBeenCalled();
      // only the user and socket names are serialised
      expect(stringify.mock.calls.map(([value]) => value)).toEqual(['u-1', 'c-1']);
    } finally {
      parse.mockRestore();
      stringify.mockRestore();
    }
    await writer.close();
    const file = await readFile(writer.path, 'utf8');
    expect(file).toContain(`"parse":"json","frame":${redactText(text)}}\n`);
    expect(file).not.toContain(JWT);
    const [frame] = (await readHistory(writer.path)).records;
    expect(frame).toMatchObject({ kind: 'frame', parse: 'json', text: redactText(text) });
    expect(frame).toHaveProperty('value', JSON.parse(redactText(text)));
  });

  it('serialises a JSON frame with raw line breaks again, and keeps text for what is not JSON or cut to text', async () => {
    const writer = await HistoryWriter.open(join(dir, 'kinds.jsonl'), { maxFrameBytes: 1200 });
    const broken = `{\r\n  "type": "agent_started",\n  "run_id": "r-1",\n  "token": "${JWT}"\n}`;
    writer.frame('u-1', 'c-1', 'in', broken, broken.length, 'json');
    writer.frame('u-1', 'c-1', 'in', 'not json', 8, 'invalid_json');
    writer.frame('u-1', 'c-1', 'in', 'AAEC', 3, 'binary', true);
    const long = `{"type":"agent_thinking","reasoning":"${'x'.repeat(5000)}"}`;
    writer.frame('u-1', 'c-1', 'in', long, long.length, 'json');
    // no long value to cut: only its start is kept
    const many = JSON.stringify(Array.from({ length: 400 }, () => 'ab'));
    writer.frame('u-1', 'c-1', 'in', many, many.length, 'json');
    await writer.close();
    const lines = (await readFile(writer.path, 'utf8')).split('\n');
    expect(lines.slice(1, -1).every((line) => !line.includes('\r'))).toBe(true);
    expect(lines).toHaveLength(8);
    const [started, invalid, binary, values, cut] = (await readHistory(writer.path)).records;
    expect(started).toMatchObject({ parse: 'json', truncated: undefined });
    expect(started).toHaveProperty('value', { type: 'agent_started', run_id: 'r-1', token: '[REDACTED]' });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty('text');
    expect(invalid).toMatchObject({ parse: 'invalid_json', text: 'not json', value: undefined });
    expect(JSON.parse(lines[2]!)).toHaveProperty('text', 'not json');
    expect(binary).toMatchObject({ parse: 'binary', binary: true, text: 'AAEC', value: undefined });
    expect(values).toMatchObject({ parse: 'json', truncated: 'values' });
    expect(JSON.parse(lines[4]!)).toHaveProperty('frame.type', 'agent_thinking');
    expect(cut).toMatchObject({ parse: 'json', truncated: 'text', text: many.slice(0, 1200), value: undefined });
    expect(JSON.parse(lines[5]!)).toHaveProperty('text', many.slice(0, 1200));
  });
});

describe('the history reader on bad version 2 lines', () => {
  it('names the line and the reason', async () => {
    const path = join(dir, 'bad-v2.jsonl');
    const writer = await HistoryWriter.open(path);
    writer.frame('u-1', 'c-1', 'in', '{"type":"pong"}', 15, 'json');
    await writer.close();
    const good = await readFile(path, 'utf8');
    const base = '"seq":1,"mono":1,"wall":1,"kind":"frame","user":"u-1","conn":"c-1","dir":"in","size":2';
    for (const [line, reason] of [
      [
        `{${base},"parse":"json","text":"{}","frame":{}}`,
        'invalid frame record: text: a frame record holds either text',
      ],
      [`{${base},"parse":"invalid_json","frame":{}}`, 'invalid frame record: text: a frame record holds either text'],
      [`{${base},"parse":"json","truncated":"text","frame":{}}`, 'invalid frame record: text: a frame record holds'],
      [`{${base},"parse":"json","frame":{"type":`, 'invalid JSON ('],
    ] as const) {
      await writeFile(path, `${good}${line}\n{"seq":2,"mono":2,"wall":2,"kind":"mark","name":"after"}\n`);
      await expect(readHistory(path)).rejects.toThrow(`${path} line 4: ${reason}`);
    }
    await writeFile(path, good.replace('"version":2', '"version":3'));
    await expect(readHistory(path)).rejects.toThrow(
      `${path} line 1: expected history version 1 or 2, received 3. Re-record it with this goldpath version.`,
    );
  });
});
