import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * How a hostile backend misbehaves. Written from the protocol alone (it imports nothing of goldpath):
 * - `silent`: the welcome, then nothing, ever;
 * - `stall`: agent_started and agent_thinking of each run, then silence;
 * - `drop`: agent_started and agent_thinking, then the socket is cut (no close frame);
 * - `die`: like `drop`, and the whole server goes down with it (new connections are refused);
 * - `huge`: correct runs whose `user_id` is a field of `hugeBytes` characters (default 1 MB);
 * - `flood`: each run repeats agent_started `floodCount` times (default 2000) before completing;
 * - `invalid`: each event is preceded by a text frame that is not JSON;
 * - `polite`: a correct backend (five events per run), the control case.
 */
export type HostileMode = 'silent' | 'stall' | 'drop' | 'die' | 'huge' | 'flood' | 'invalid' | 'polite';

export interface HostileBackendOptions {
  mode: HostileMode;
  hugeBytes?: number;
  floodCount?: number;
  /** Delay between two events of a run. Default 2 ms. */
  stepMs?: number;
}

export interface StartedHostileBackend extends AsyncDisposable {
  wsUrl: string;
  httpUrl: string;
  /** Any secret works: the backend does not verify tokens. */
  secret: string;
  /** Sockets accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The JWT's `sub`, read without verifying it (this backend trusts everyone). */
function userOf(request: IncomingMessage): string {
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const token =
    offered.find((p) => p.startsWith('jwt.'))?.slice(4) ??
    new URL(request.url ?? '/', 'http://x').searchParams.get('token') ??
    '';
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
    };
    return typeof claims.sub === 'string' ? claims.sub : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/**
 * Starts a hostile agent-chat backend on 127.0.0.1 (a free port): GET /health answers 200, /ws speaks just enough of
 * the protocol to misbehave as `mode` says.
 * @example await using backend = await startHostileBackend({ mode: 'silent' }); backend.wsUrl
 */
export async function startHostileBackend(options: HostileBackendOptions): Promise<StartedHostileBackend> {
  const step = options.stepMs ?? 2;
  const sockets = new Set<WebSocket>();
  let connections = 0;
  let runs = 0;
  const http: Server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith('jwt.')) ?? false,
    maxPayload: 64 * 1024 * 1024,
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const socket of sockets) socket.terminate();
      wss.close();
      http.closeAllConnections();
      http.close(() => resolve());
    });
    return closing;
  };

  http.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/ws')) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => {
      connections++;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      const user = userOf(request);
      const send = (frame: Record<string, unknown>): void => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ ...frame, timestamp: new Date().toISOString() }));
      };
      send({
        type: 'connection_established',
        data: { mode: 'main', user_id: user, connection_id: `main_${randomBytes(4).toString('hex')}` },
      });
      ws.on('message', (data) => {
        let message: {
          type?: string;
          payload?: { user_request?: string; content?: string; thread_id?: string | null };
        };
        try {
          message = JSON.parse(data.toString());
        } catch {
          return;
        }
        if (message.type === 'ping') return send({ type: 'pong' });
        if (message.type !== 'start_agent' && message.type !== 'user_message') return;
        if (options.mode === 'silent') return;
        const text = message.payload?.user_request ?? message.payload?.content ?? '';
        void answer(ws, send, user, text, ++runs);
      });
    });
  });

  const answer = async (
    ws: WebSocket,
    send: (frame: Record<string, unknown>) => void,
    user: string,
    text: string,
    n: number,
  ): Promise<void> => {
    const runId = `run_chat_${n}_${randomBytes(4).toString('hex')}`;
    const threadId = `thread_chat_${n}_${randomBytes(4).toString('hex')}`;
    const userId = options.mode === 'huge' ? `${user}${'x'.repeat(options.hugeBytes ?? 1024 * 1024)}` : user;
    const base = { run_id: runId, user_id: userId, thread_id: threadId, agent_name: 'Supervisor' };
    const events: Record<string, unknown>[] = [
      {
        type: 'agent_started',
        ...base,
        data: { status: 'started', message: `Supervisor has started processing: ${text}` },
      },
      { type: 'agent_thinking', ...base, data: { reasoning: `Thinking about: ${text}`, status: 'thinking' } },
      {
        type: 'tool_executing',
        ...base,
        tool_name: 'query_metrics',
        data: { parameters: { q: text }, status: 'executing' },
      },
      {
        type: 'tool_completed',
        ...base,
        tool_name: 'query_metrics',
        results: { rows: 3 },
        data: { result: { rows: 3 }, status: 'completed' },
      },
      { type: 'agent_completed', ...base, data: { status: 'completed', result: { supervisor_result: 'completed' } } },
    ];
    for (let i = 0; i < events.length; i++) {
      await sleep(step);
      if (i === 2 && options.mode === 'stall') return;
      if (i === 2 && options.mode === 'drop') return ws.terminate();
      if (i === 2 && options.mode === 'die') return void close();
      if (options.mode === 'invalid' && ws.readyState === ws.OPEN) ws.send(`not json: ${events[i]!.type} {`);
      send(events[i]!);
      if (i === 0 && options.mode === 'flood') for (let k = 1; k < (options.floodCount ?? 2000); k++) send(events[0]!);
    }
  };

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    secret: 'hostile-backend-accepts-any-secret',
    get connections() {
      return connections;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
