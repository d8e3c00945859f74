import { bypass, http, ws, type HttpHandler, type WebSocketData, type WebSocketHandler } from 'msw';
import { log } from '../common/log.ts';
import { DeadlineError, withDeadline } from '../common/waitFor.ts';
import { HistoryWriter, type HistoryHeaderInit } from '../recorder/HistoryWriter.ts';
import { credentialUser, tokenUser } from './credentialUser.ts';
import { parseKind } from '../recorder/parseKind.ts';

export interface RecordingHandlersOptions {
  /** The backend's WebSocket URL as the frontend uses it (msw `ws.link` pattern): the real server behind it is used. */
  url: string | RegExp;
  /** Where the history goes (JSON lines, redacted); `goldpath check <out>` judges it. */
  out: string;
  /** Written into the history header. */
  header?: HistoryHeaderInit;
  /** The user id to record for every socket. Default: the `sub` of the token offered (or behind the ticket redeemed). */
  user?: string;
  /** The ticket endpoint the frontend calls before `?ticket=` (passed through; teaches which user a ticket is). */
  ticketPath?: string;
}

export interface Recording extends AsyncDisposable {
  /** Hand these to msw: `server.use(...recording.handlers)`. */
  handlers: Array<WebSocketHandler | HttpHandler>;
  readonly path: string;
  /** Records written so far. */
  readonly count: number;
  /**
   * Waits for the recorded sockets to close (at most `timeoutMs`, default 2000), then ends the history; a socket still
   * open then, and frames that arrive later, are not recorded (a warning says how many).
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

type Dir = 'in' | 'out';

function bytesOf(data: WebSocketData): Buffer | undefined {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/**
 * msw handlers that let a frontend talk to the real backend (`server.connect()`) and record every frame of every
 * socket, both directions, with open and close, into a goldpath history through the recorder's HistoryWriter (so with
 * its redaction). A frontend test run against a dev backend leaves evidence goldpath can judge.
 * @example
 * await using recording = await recordingHandlers({ url: 'ws://localhost:8000/ws', out: 'reports/frontend/history.jsonl' });
 * server.use(...recording.handlers);
 * // ... the test drives the frontend ...
 * await recording.close(); // then: goldpath check reports/frontend/history.jsonl
 */
export async function recordingHandlers(options: RecordingHandlersOptions): Promise<Recording> {
  const writer = await HistoryWriter.open(options.out, {
    target: `recorded through msw from ${String(options.url)}`,
    ...options.header,
  });
  const tickets = new Map<string, string>();
  let closed = false;
  let lost = 0;
  let sockets = 0;
  const open = new Map<string, Promise<void>>();
  const write = (record: () => void): void => {
    if (closed) lost++;
    else record();
  };

  const frame = (user: string, conn: string, dir: Dir, data: WebSocketData): void => {
    if (typeof data === 'string')
      return write(() => writer.frame(user, conn, dir, data, Buffer.byteLength(data), parseKind(data)));
    const bytes = bytesOf(data);
    if (bytes !== undefined)
      return write(() => writer.frame(user, conn, dir, bytes.toString('base64'), bytes.length, 'binary', true));
    // a Blob: its bytes arrive later, so the frame keeps its place by being recorded as soon as they do
    void (data as Blob).arrayBuffer().then((buffer) => frame(user, conn, dir, buffer));
  };

  const socketHandler = ws.link(options.url).addEventListener('connection', ({ client, server, info }) => {
    const ticket = client.url.searchParams.get('ticket');
    const user =
      options.user ??
      credentialUser(client.url, info.protocols) ??
      (ticket === null ? undefined : tickets.get(ticket)) ??
      'anonymous';
    const conn = `msw-${++sockets}`;
    const base = { user, conn };
    let ended = false;
    let settle = (): void => {};
    open.set(conn, new Promise<void>((resolve) => (settle = resolve)));
    const end = (code: number, reason: string): void => {
      if (ended) return;
      ended = true;
      write(() => writer.record({ kind: 'close', ...base, code, reason }));
      open.delete(conn);
      settle();
    };
    // the real socket behind the server connection (msw's WebSocketServerConnection has it once connected)
    const real = (): WebSocket | undefined => (server as { socket?: WebSocket }).socket;
    // msw holds what the client sends until the real socket opens; the history shows it sent after the open, as it was
    let opened = false;
    const held: WebSocketData[] = [];
    server.addEventListener('open', () => {
      opened = true;
      const protocol = real()?.protocol ?? '';
      write(() => writer.record({ kind: 'open', ...base, url: client.url.href, ...(protocol !== '' && { protocol }) }));
      for (const data of held.splice(0)) frame(user, conn, 'out', data);
    });
    server.addEventListener('message', (event) => frame(user, conn, 'in', event.data));
    server.addEventListener('error', () => {
      const unsent = held.length > 0 ? ` (${held.length} frames of the client never sent)` : '';
      write(() =>
        writer.record({
          kind: 'error',
          ...base,
          message: `the connection to ${client.url.origin}${client.url.pathname} failed${unsent}`,
        }),
      );
    });
    server.addEventListener('close', (event) => end(event.code, event.reason));
    client.addEventListener('message', (event) => {
      if (opened) frame(user, conn, 'out', event.data);
      else held.push(event.data);
    });
    client.addEventListener('close', (event) => end(event.code, event.reason));
    server.connect();
    const socket = real();
    if (socket !== undefined) socket.binaryType = 'arraybuffer';
  });

  const ticketHandler = http.post(`*${options.ticketPath ?? '/api/websocket/ticket'}`, async ({ request }) => {
    const token = /^Bearer (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    const response = await fetch(bypass(request));
    const user = token === undefined ? undefined : tokenUser(token);
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { ticket_id?: unknown } | undefined;
    if (user !== undefined && typeof body?.ticket_id === 'string') tickets.set(body.ticket_id, user);
    return response;
  });

  const close = async (closeOptions: { timeoutMs?: number } = {}): Promise<void> => {
    if (closed) return;
    const timeoutMs = closeOptions.timeoutMs ?? 2000;
    const still = open.size;
    await withDeadline(Promise.all(open.values()), { what: `${still} recorded sockets still open`, timeoutMs }).catch(
      (error: unknown) => {
        if (!(error instanceof DeadlineError)) throw error;
        log(
          `recording ${options.out}: ${open.size} sockets still open after ${timeoutMs} ms; their close is not in the history`,
          'warn',
        );
      },
    );
    closed = true;
    await writer.close();
    if (lost > 0)
      log(
        `recording ${options.out}: ${lost} records arrived after close() and are not in the history; close the sockets first`,
        'warn',
      );
  };
  return {
    handlers: [socketHandler, ticketHandler],
    path: writer.path,
    get count() {
      return writer.count;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
