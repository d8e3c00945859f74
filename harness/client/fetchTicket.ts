import { InfrastructureError } from '../common/GoldpathError.ts';

/**
 * Exchanges an access token for a WebSocket ticket: POST {httpUrl}{ticketPath} with Bearer, body {ttl_seconds, single_use}.
 * @example const ticket = await fetchTicket({ httpUrl: target.httpUrl, token, timeoutMs: 5000 })
 */
export async function fetchTicket(options: {
  httpUrl: string;
  token: string;
  ticketPath?: string;
  timeoutMs: number;
  userId?: string;
}): Promise<string> {
  const url = new URL(options.ticketPath ?? '/api/websocket/ticket', options.httpUrl).href;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl_seconds: 300, single_use: true }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new InfrastructureError(
      'GOLDPATH_TICKET_UNREACHABLE',
      `ticket endpoint ${url} did not answer for user ${options.userId ?? '?'} within ${options.timeoutMs} ms: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.ticket_id !== 'string') {
    throw new Error(
      `ticket request for user ${options.userId ?? '?'}: expected 200 with ticket_id, received ${response.status} ${String(body.error_code ?? '')}`.trim(),
    );
  }
  return body.ticket_id;
}
