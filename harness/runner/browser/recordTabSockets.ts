import type { Page, WebSocket } from '@playwright/test';
import type { HistoryWriter } from '../../recorder/HistoryWriter.ts';
import { redactUrl } from '../../recorder/redactUrl.ts';
import type { PageSocketClose } from './observeSocketCloses.ts';
import { parseKind } from '../../recorder/parseKind.ts';

/** How long a `close` without a code from the page waits for one before the recorder infers it. */
const CLOSE_CODE_GRACE_MS = 300;

interface SocketState {
  socket: WebSocket;
  closed: boolean;
  /** A main-frame navigation (reload, leaving) began while the socket was open: the browser closes it with 1001. */
  unloading: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** A tab's sockets being recorded; `reportClose` takes the codes observeSocketCloses delivers. */
export interface TabRecording {
  reportClose(close: PageSocketClose): boolean;
  /** Marks the tab as leaving (reload, navigation, close): sockets closing now went away (1001). */
  leaving(): void;
  /** Resolves when every socket of the tab has a close record, or after `timeoutMs` records the rest as 1001. */
  settle(timeoutMs: number): Promise<void>;
  detach(): void;
}

/**
 * Records one tab's WebSockets into the history in the same format as the protocol users: `open` (URL redacted),
 * every frame out (`framesent`) and in (`framereceived`), `close` with its code, `error`. All sockets of the tab share
 * the conn label, so a run that continues on the socket the page reopens after a reload is followed as one run.
 */
export function recordTabSockets(
  page: Page,
  history: HistoryWriter,
  who: { user: string; conn: string },
): TabRecording {
  const sockets: SocketState[] = [];
  const base = { user: who.user, conn: who.conn };
  let detached = false;
  const waiters = new Set<() => void>();

  const writeClose = (state: SocketState, code: number, reason: string): void => {
    if (state.closed) return;
    state.closed = true;
    if (state.timer !== undefined) clearTimeout(state.timer);
    if (!detached) history.record({ kind: 'close', ...base, code, reason });
    for (const wake of waiters) wake();
  };

  const onSocket = (socket: WebSocket): void => {
    const state: SocketState = { socket, closed: false, unloading: false, timer: undefined };
    sockets.push(state);
    history.record({ kind: 'open', ...base, url: redactUrl(socket.url()) });
    socket.on('framesent', ({ payload }) => frame('out', payload));
    socket.on('framereceived', ({ payload }) => frame('in', payload));
    socket.on('socketerror', (message) => {
      if (!detached) history.record({ kind: 'error', ...base, message });
    });
    socket.on('close', () => {
      if (state.closed) return;
      if (state.unloading || page.isClosed())
        return writeClose(state, 1001, 'page unloaded (code inferred: the browser closes with 1001)');
      state.timer = setTimeout(
        () => writeClose(state, 1006, 'closed without a close event in the page (code inferred)'),
        CLOSE_CODE_GRACE_MS,
      );
    });
  };

  const frame = (dir: 'in' | 'out', payload: string | Buffer): void => {
    if (detached) return;
    if (typeof payload === 'string') {
      history.record({
        kind: 'frame',
        ...base,
        dir,
        text: payload,
        size: Buffer.byteLength(payload),
        parse: parseKind(payload),
      });
    } else {
      history.record({
        kind: 'frame',
        ...base,
        dir,
        text: payload.toString('base64'),
        binary: true,
        size: payload.length,
        parse: 'binary',
      });
    }
  };

  const markUnloading = (): void => {
    for (const state of sockets) if (!state.closed) state.unloading = true;
  };
  const onRequest = (request: { isNavigationRequest(): boolean; frame(): unknown }): void => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) markUnloading();
  };

  // a new document in the tab: the sockets of the old one are gone (Playwright emits no close for them)
  const onNavigated = (frame: unknown): void => {
    if (frame !== page.mainFrame()) return;
    for (const state of sockets)
      if (state.unloading) writeClose(state, 1001, 'page unloaded (code inferred: the browser closes with 1001)');
  };

  page.on('websocket', onSocket);
  page.on('request', onRequest);
  page.on('framenavigated', onNavigated);

  return {
    reportClose(close) {
      const state = sockets.find((s) => !s.closed && s.socket.url() === close.url);
      if (state === undefined) return false;
      writeClose(state, close.code, close.reason);
      return true;
    },
    leaving: markUnloading,
    async settle(timeoutMs) {
      const open = (): boolean => sockets.some((s) => !s.closed);
      if (open()) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, timeoutMs);
          function finish(): void {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
          function check(): void {
            if (!open()) finish();
          }
          waiters.add(check);
          check();
        });
      }
      for (const state of sockets) writeClose(state, 1001, 'the browser context closed (code inferred)');
    },
    detach() {
      detached = true;
      for (const state of sockets) if (state.timer !== undefined) clearTimeout(state.timer);
      page.off('websocket', onSocket);
      page.off('request', onRequest);
      page.off('framenavigated', onNavigated);
    },
  };
}
