import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { goldenPathHandlers, recordingHandlers, type GoldenPathMockError } from 'goldpath/msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_PAGE_HTML } from '../../reference/chat/chatPageHtml.ts';
import { signTestToken } from '../../reference/signTestToken.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import { waitFor } from '../common/waitFor.ts';
import { recordReferenceHistory } from './testing/recordReferenceHistory.ts';

const server = setupServer();
let dir: string;
let recorded: string;
let ticketsIssued = 0;
let page: JSDOM | undefined;
/** Uncaught errors of the page's script: a test fails on any. */
const pageErrors: string[] = [];

const ticketEndpoint = http.post('http://127.0.0.1:9/api/websocket/ticket', ({ request }) => {
  if (!/^Bearer .+/.test(request.headers.get('authorization') ?? ''))
    return HttpResponse.json({ error_code: 'AUTH_FAILED' }, { status: 401 });
  const ticket = `ticket-${++ticketsIssued}`;
  return HttpResponse.json({
    ticket_id: ticket,
    expires_at: new Date(Date.now() + 300_000).toISOString(),
    websocket_url: `ws://127.0.0.1:9/ws?ticket=${ticket}`,
  });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-chat-page-'));
  recorded = join(dir, 'reference.history.jsonl');
  await recordReferenceHistory(recorded, { requests: ['Compare the Q3 plans [tools:1]'] });
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  // the page stops reconnecting on pagehide, as in a browser
  pageNetwork.abort();
  pageNetwork = new AbortController();
  page?.window.dispatchEvent(new page.window.Event('pagehide'));
  page?.window.close();
  page = undefined;
  server.resetHandlers();
  expect(pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Turned off when a test ends: a page's late reconnect must not reach the next test's handlers. */
let pageNetwork = new AbortController();

/**
 * The chat page as the reference backend serves it, signed in, in jsdom: its script runs as written, and its standard
 * `WebSocket` and `fetch` are the ones msw intercepts (relative URLs resolved against the page, as a browser does).
 */
async function openChatPage(
  at = { url: 'http://127.0.0.1:9/chat', secret: 'the mock does not verify' },
): Promise<Document> {
  const token = await signTestToken({ secret: at.secret, userId: 'alice-0001-frontend' });
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error) => pageErrors.push(error.message));
  const network = pageNetwork.signal;
  class PageWebSocket extends globalThis.WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      network.throwIfAborted();
      super(url, protocols);
    }
  }
  page = new JSDOM(CHAT_PAGE_HTML, {
    url: at.url,
    virtualConsole,
    runScripts: 'dangerously',
    beforeParse(window) {
      window.localStorage.setItem('netra.access_token', token);
      // jsdom lays nothing out, so it has no scrolling
      window.Element.prototype.scrollIntoView = () => {};
      Object.assign(window, {
        WebSocket: PageWebSocket,
        fetch: async (input: string, init?: RequestInit) => {
          network.throwIfAborted();
          return globalThis.fetch(new URL(input, window.location.href), init);
        },
      });
    },
  });
  return page.window.document;
}

const byId = (id: string): HTMLElement => page!.window.document.getElementById(id)!;
const status = (): string => byId('status').textContent ?? '';

async function ask(text: string): Promise<void> {
  await waitFor(() => (status() === 'Connected' ? true : undefined), {
    what: `chat page not connected (status "${status()}")`,
    timeoutMs: 5000,
  });
  (byId('message') as HTMLInputElement).value = text;
  (byId('composer') as HTMLFormElement).requestSubmit();
}

describe('the chat page fed by a recorded history through goldpath/msw', () => {
  it('renders the recorded run for the question asked: thinking, the tool, the response', async () => {
    const mock = await goldenPathHandlers({
      url: 'ws://127.0.0.1:9/ws',
      history: recorded,
      user: 'alice-0001-frontend',
    });
    server.use(ticketEndpoint, ...mock.handlers);
    const document = await openChatPage();
    await ask('Which plan is cheaper?');
    const article = await waitFor(
      () => document.querySelector<HTMLElement>('article[data-status="completed"]') ?? undefined,
      { what: `no completed run on the page (status "${status()}")`, timeoutMs: 5000 },
    );
    const recordedTools = mock.recorded[0]!.frames.filter((f) => f.json.type === 'tool_executing').map((f) =>
      String(f.json.tool_name),
    );
    expect(status()).toBe('Response ready');
    expect(article.querySelector('.you')?.textContent).toBe('Which plan is cheaper?');
    expect(article.querySelector('[aria-label="Run state"]')?.textContent).toBe('Completed');
    expect([...article.querySelectorAll('[aria-label="Tools"] li')].map((li) => li.getAttribute('aria-label'))).toEqual(
      recordedTools.map((name) => expect.stringMatching(new RegExp(`^Tool ${name}: completed`))),
    );
    expect(article.querySelector('[aria-label="Agent thinking"]')?.textContent).toContain('Which plan is cheaper?');
    expect(article.querySelector('[aria-label="Final response"] p')?.textContent?.length).toBeGreaterThan(20);
    expect(article.dataset.runId).toMatch(/^run_chat_\d+_[0-9a-f]{8}$/);
    expect(ticketsIssued).toBeGreaterThan(0);
    expect(mock.errors).toEqual([]);
  });

  it('shows the page a closed socket, and the test the finding, when the history holds a frame that breaks the contract', async () => {
    const { header, records } = await readHistory(recorded);
    // tool_completed without its results, wherever they may be (a bug that really shipped)
    const withoutResults = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'results' || key === 'result' ? undefined : v)));
    const broken = records.map((r) =>
      r.kind === 'frame' && r.dir === 'in' && r.text.includes('"tool_completed"')
        ? { ...r, text: JSON.stringify(withoutResults(JSON.parse(r.text))) }
        : r,
    );
    const path = join(dir, 'broken.history.jsonl');
    await writeFile(path, [header, ...broken].map((line) => JSON.stringify(line)).join('\n') + '\n');
    const refused: GoldenPathMockError[] = [];
    const mock = await goldenPathHandlers({
      url: 'ws://127.0.0.1:9/ws',
      history: path,
      user: 'alice-0001-frontend',
      onContractError: (e) => refused.push(e),
    });
    server.use(ticketEndpoint, ...mock.handlers);
    const document = await openChatPage();
    await ask('Which plan is cheaper?');
    await waitFor(() => (status().startsWith('Disconnected (1011)') ? true : undefined), {
      what: `the page did not see the socket close (status "${status()}")`,
      timeoutMs: 5000,
    });
    expect(refused.map((e) => e.code)).toEqual(['contract.schema_mismatch']);
    expect(refused[0]!.message).toContain('tool_completed');
    expect(document.querySelector('article')?.getAttribute('data-status')).toBe('running');
  });

  it('leaves a history of its session with the real backend, through recordingHandlers, that goldpath check passes', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 1 });
    const out = join(dir, 'chat-page.history.jsonl');
    const recording = await recordingHandlers({ url: backend.wsUrl, out, header: { scenario: 'chat page' } });
    server.use(...recording.handlers);
    const document = await openChatPage({ url: `${backend.httpUrl}/chat`, secret: backend.secret });
    await ask('Which plan is cheaper?');
    await waitFor(() => document.querySelector('article[data-status="completed"]') ?? undefined, {
      what: `no completed run on the page (status "${status()}")`,
      timeoutMs: 10_000,
    });
    page!.window.dispatchEvent(new page!.window.Event('pagehide'));
    page!.window.close();
    await recording.close();
    const check = await checkHistoryFile(out);
    expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(check.stats).toMatchObject({ users: 1, requests: 1, runsCompleted: 1 });
    const { records } = await readHistory(out);
    expect(new Set(records.flatMap((r) => ('user' in r && r.user !== undefined ? [r.user] : [])))).toEqual(
      new Set(['alice-0001-frontend']),
    );
  });
});
