import type { WebSocket } from 'ws';
import type { HistoryWriter } from './HistoryWriter.ts';
import { INVALID_JSON, frameBytes, rememberParsed } from '../common/parsedFrames.ts';

export interface RecordedSocket {
  /** The user id as the backend knows it (the JWT sub). */
  user: string;
  /** A label for this socket of the user. */
  conn: string;
  url: string;
}

type Listener = (...args: never[]) => void;

/**
 * Records everything that crosses one socket: open, every frame in and out, close and errors.
 * Returns the detach function; it removes every listener and restores `socket.send`.
 * @example
 * const detach = attachRecorder(socket, writer, { user: 'u-1', conn: 'c-1', url });
 * ...
 * detach();
 */
export function attachRecorder(socket: WebSocket, writer: HistoryWriter, who: RecordedSocket): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const base = { user: who.user, conn: who.conn };

  const listen = (event: string, listener: Listener): void => {
    // prepend: the recorder sees a frame before the client's own handler can answer it
    socket.prependListener(event, listener as (...args: unknown[]) => void);
    signal.addEventListener('abort', () => socket.off(event, listener as (...args: unknown[]) => void), { once: true });
  };

  const recordOpen = (): void => {
    writer.record({
      kind: 'open',
      ...base,
      url: who.url,
      ...(socket.protocol !== '' && { protocol: socket.protocol }),
    });
  };

  const recordFrame = (dir: 'in' | 'out', data: unknown, isBinary: boolean): void => {
    if (!isBinary && typeof data === 'string') {
      writer.frame(who.user, who.conn, dir, data, Buffer.byteLength(data), parseKind(data, undefined));
      return;
    }
    const buffer = frameBytes(data);
    if (isBinary) {
      writer.frame(who.user, who.conn, dir, buffer.toString('base64'), buffer.length, 'binary', true);
    } else {
      const text = buffer.toString('utf8');
      const parse = parseKind(text, dir === 'in' ? data : undefined);
      writer.frame(who.user, who.conn, dir, text, buffer.length, parse, undefined, buffer);
    }
  };

  if (socket.readyState === socket.OPEN) recordOpen();
  else listen('open', recordOpen);
  listen('message', ((data: unknown, isBinary: boolean) => recordFrame('in', data, isBinary)) as Listener);
  listen('close', ((code: number, reason: Buffer) => {
    writer.record({ kind: 'close', ...base, code, reason: reason.toString('utf8'), by: closedBy ?? 'server' });
    detach();
  }) as Listener);
  listen('error', ((error: Error) => writer.record({ kind: 'error', ...base, message: error.message })) as Listener);

  // who closed first: a close() or terminate() of ours before the server's close frame arrived is the client's
  let closedBy: 'client' | 'server' | undefined;
  const originalClose = socket.close;
  const originalTerminate = socket.terminate;
  socket.close = function (this: WebSocket, ...args: Parameters<WebSocket['close']>): void {
    closedBy ??=
      (this as unknown as { _closeFrameReceived?: boolean })._closeFrameReceived === true ? 'server' : 'client';
    originalClose.apply(this, args);
  };
  socket.terminate = function (this: WebSocket): void {
    closedBy ??= 'client';
    originalTerminate.call(this);
  };
  signal.addEventListener(
    'abort',
    () => {
      socket.close = originalClose;
      socket.terminate = originalTerminate;
    },
    { once: true },
  );

  const originalSend = socket.send;
  const recordingSend = function (this: WebSocket, data: unknown, ...rest: unknown[]): void {
    if (!signal.aborted) {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { binary?: boolean }) : undefined;
      const isBinary = options?.binary ?? typeof data !== 'string';
      recordFrame('out', data, isBinary);
    }
    (originalSend as (...args: unknown[]) => void).call(this, data, ...rest);
  } as WebSocket['send'];
  socket.send = recordingSend;
  signal.addEventListener(
    'abort',
    () => {
      // someone wrapped send after us: leave their wrapper in place (ours is now a pass-through)
      if (socket.send === recordingSend) socket.send = originalSend;
    },
    { once: true },
  );

  function detach(): void {
    controller.abort();
  }
  return detach;
}

/** Parses once to classify the frame; an incoming frame's value is kept for the client that reads it next. */
function parseKind(text: string, data: unknown): 'json' | 'invalid_json' {
  try {
    rememberParsed(data, JSON.parse(text));
    return 'json';
  } catch {
    rememberParsed(data, INVALID_JSON);
    return 'invalid_json';
  }
}
