import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { serveChatPage } from '../chat/serveChatPage.ts';
import type { BackendRuntime } from './BackendRuntime.ts';
import type { TicketStore } from './TicketStore.ts';
import { AuthFailedError, verifyAccessToken } from './verifyAccessToken.ts';

export interface HttpContext {
  readonly runtime: BackendRuntime;
  readonly secretKey: Uint8Array;
  readonly ticketStore: TicketStore;
  readonly wsUrl: () => string;
  readonly startedAt: number;
}

export const TicketRequest = z.strictObject({
  ttl_seconds: z.number().int().min(30).max(3600).default(300),
  single_use: z.boolean().default(true),
});

const MAX_BODY_BYTES = 8192;

/** GET /health, GET /api/factory/metrics, POST /api/websocket/ticket, GET /chat (the chat page); anything else is a JSON 404/405. */
export async function handleHttpRequest(
  request: IncomingMessage,
  response: ServerResponse,
  context: HttpContext,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  try {
    if (path === '/health') {
      if (request.method !== 'GET') return methodNotAllowed(response, 'GET');
      const runtime = context.runtime;
      return sendJson(response, 200, {
        status: 'healthy',
        service: 'goldpath-reference',
        factory_path: runtime.settings.factoryPath,
        connections: runtime.connections.connectionCount,
        uptime_seconds: (Date.now() - context.startedAt) / 1000,
        timestamp: new Date().toISOString(),
      });
    }
    if (path === '/api/factory/metrics') {
      if (request.method !== 'GET') return methodNotAllowed(response, 'GET');
      return sendJson(response, 200, context.runtime.factories.lifecycle.getFactoryMetrics());
    }
    if (path === '/api/websocket/ticket') {
      if (request.method !== 'POST') return methodNotAllowed(response, 'POST');
      return await issueTicket(request, response, context);
    }
    if (path === '/chat') return serveChatPage(request, response);
    return sendJson(
      response,
      404,
      httpError('NOT_FOUND', `No route for ${request.method} ${path}.`, [
        'GET /health',
        'GET /api/factory/metrics',
        'POST /api/websocket/ticket',
        'GET /chat',
      ]),
    );
  } catch (error) {
    context.runtime.logger.error(`HTTP ${request.method} ${path} failed: ${(error as Error).message}`);
    if (!response.headersSent) sendJson(response, 500, httpError('INTERNAL_ERROR', (error as Error).message, []));
  }
}

async function issueTicket(request: IncomingMessage, response: ServerResponse, context: HttpContext): Promise<void> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer === undefined) {
    return sendJson(
      response,
      401,
      httpError('AUTH_FAILED', 'A ticket needs Authorization: Bearer <access token>.', [
        'Sign a token with the backend secret and send it as a Bearer token.',
      ]),
    );
  }
  let user;
  try {
    user = await verifyAccessToken(bearer, context.secretKey);
  } catch (error) {
    if (!(error instanceof AuthFailedError)) throw error;
    return sendJson(
      response,
      401,
      httpError('AUTH_FAILED', error.message, ['Sign a fresh token with the backend secret.']),
    );
  }
  const raw = await readBody(request);
  if (raw === undefined) {
    return sendJson(response, 413, httpError('MESSAGE_TOO_LARGE', `Request body exceeds ${MAX_BODY_BYTES} bytes.`, []));
  }
  let body: unknown = {};
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch (error) {
      return sendJson(
        response,
        400,
        httpError('JSON_PARSE_ERROR', `Body is not valid JSON: ${(error as Error).message}`, [
          'Send {"ttl_seconds":300,"single_use":true}.',
        ]),
      );
    }
  }
  const parsed = TicketRequest.safeParse(body);
  if (!parsed.success) {
    return sendJson(
      response,
      400,
      httpError('INVALID_TICKET_REQUEST', z.prettifyError(parsed.error), [
        'ttl_seconds must be an integer from 30 to 3600; single_use a boolean.',
      ]),
    );
  }
  const ticketId = `ticket_${randomBytes(16).toString('base64url')}`;
  const expiresAt = Date.now() + parsed.data.ttl_seconds * 1000;
  await context.ticketStore.save({
    ticketId,
    userId: user.userId,
    email: user.email,
    permissions: user.permissions,
    expiresAt,
    singleUse: parsed.data.single_use,
  });
  return sendJson(response, 200, {
    ticket_id: ticketId,
    expires_at: new Date(expiresAt).toISOString(),
    websocket_url: `${context.wsUrl()}?ticket=${encodeURIComponent(ticketId)}`,
  });
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function httpError(code: string, message: string, suggestions: readonly string[]): Record<string, unknown> {
  return {
    error_code: code,
    error_message: message,
    details: {},
    timestamp: new Date().toISOString(),
    recovery_suggestions: suggestions,
  };
}

function methodNotAllowed(response: ServerResponse, allowed: string): void {
  response.setHeader('Allow', allowed);
  sendJson(response, 405, httpError('METHOD_NOT_ALLOWED', `Use ${allowed}.`, []));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
