import type { IncomingMessage, ServerResponse } from 'node:http';
import { CHAT_PAGE_CSP, CHAT_PAGE_HTML } from './chatPageHtml.ts';

const BODY = Buffer.from(CHAT_PAGE_HTML, 'utf8');

/** GET /chat (and HEAD): the chat page, self-contained, with a strict CSP; other methods get 405. */
export function serveChatPage(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'application/json' });
    response.end(
      JSON.stringify({
        error_code: 'METHOD_NOT_ALLOWED',
        error_message: 'Use GET.',
        details: {},
        timestamp: new Date().toISOString(),
        recovery_suggestions: [],
      }),
    );
    return;
  }
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': BODY.length,
    'Content-Security-Policy': CHAT_PAGE_CSP,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(request.method === 'HEAD' ? undefined : BODY);
}
