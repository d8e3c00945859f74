import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { jwtVerify } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A small backend of the bridge shape, written from the protocol alone for goldpath's own tests: JWT auth by the
 * `jwt.<token>` subprotocol, the welcome, one agent per request (top-level run_id/user_id/agent_name, details under
 * `data`, no thread_id), 0..2 tools of its own choosing, JSON_PARSE_ERROR, ack, pong, and a close with 1009 on a
 * frame over 8192 bytes. No tool directive, no engine limit, no metrics, no error codes of its own, no resume.
 * (The real server's nulls, e.g. `recovery_suggestions: null`, are the contracts' business and left out here.)
 */
export interface StartedBridgeBackend extends AsyncDisposable {
  wsUrl: string;
  httpUrl: string;
  secret: string;
  close(): Promise<void>;
}

const MAX_BYTES = 8192;
const TOOLS = ['search_docs', 'read_ledger'];

export async function startBridgeBackend(): Promise<StartedBridgeBackend> {
  const secret = randomBytes(24).toString('base64url');
  const key = new TextEncoder().encode(secret);
  const http = createServer((request, response) => {
    const ok = request.url === '/health';
    response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { status: 'ok' } : { error: 'not found' }));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, handleProtocols: (offered) => [...offered].find((p) => p.startsWith('jwt.')) ?? false });
  let runs = 0;
  http.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/ws')) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => void welcome(ws, request));
  });

  const send = (ws: WebSocket, frame: Record<string, unknown>): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ ...frame, timestamp: new Date().toISOString() }));
  };

  async function welcome(ws: WebSocket, request: IncomingMessage): Promise<void> {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = offered.find((p) => p.startsWith('jwt.'))?.slice(4);
    let user: string;
    try {
      if (token === undefined) throw new Error('no token');
      user = String((await jwtVerify(token, key, { issuer: 'netra-auth-service' })).payload.sub);
    } catch {
      send(ws, { type: 'error_message', error_code: 'AUTH_FAILED', error_message: 'Authentication failed', details: {}, recovery_suggestions: [] });
      ws.close(1008, 'auth failed');
      return;
    }
    send(ws, { type: 'connection_established', data: { mode: 'main', user_id: `${user.slice(0, 8)}...`, connection_id: `main_${randomUUID().slice(0, 8)}`, timestamp: new Date().toISOString() } });
    ws.on('message', (data: Buffer) => {
      if (data.length > MAX_BYTES) return ws.close(1009, 'message too big');
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return send(ws, { type: 'error_message', error_code: 'JSON_PARSE_ERROR', error_message: 'The message is not valid JSON', details: {}, recovery_suggestions: [] });
      }
      const payload = (message.payload ?? message) as Record<string, unknown>;
      if (message.type === 'ping') return send(ws, { type: 'pong', data: { timestamp: message.timestamp, user_id: user } });
      if (message.type !== 'start_agent' && message.type !== 'user_message') return send(ws, { type: 'ack', received_type: message.type, status: 'acknowledged' });
      const text = String(payload.user_request ?? payload.content ?? payload.message ?? payload.text ?? '');
      void agent(ws, user, text, runs++);
    });
  }

  async function agent(ws: WebSocket, user: string, text: string, n: number): Promise<void> {
    const run = { run_id: `run_chat_${n}_${randomUUID().slice(0, 8)}`, user_id: user, agent_name: 'supervisor' };
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));
    send(ws, { type: 'agent_started', ...run, data: { status: 'started' } });
    await pause();
    send(ws, { type: 'agent_thinking', ...run, data: { reasoning: `Working out how to answer "${text}".` } });
    for (const tool of TOOLS.slice(0, n % 3)) {
      await pause();
      send(ws, { type: 'tool_executing', ...run, tool_name: tool, data: { parameters: { query: text } } });
      await pause();
      send(ws, { type: 'tool_completed', ...run, tool_name: tool, results: { found: 2 }, data: { result: { found: 2 }, execution_time_ms: 4 } });
    }
    await pause();
    send(ws, { type: 'agent_completed', ...run, data: { status: 'completed', result: { final_response: `Here is the answer to "${text}", from what the tools found.` } } });
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= new Promise<void>((resolve) => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    http.closeAllConnections();
    http.close(() => resolve());
  }));
  return { wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl: `http://127.0.0.1:${port}`, secret, close, [Symbol.asyncDispose]: close };
}
