import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../common/GoldpathError.ts';
import { fetchTicket } from './fetchTicket.ts';

const HTTP_URL = 'http://127.0.0.1:9';
const TICKET_URL = `${HTTP_URL}/api/websocket/ticket`;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('fetchTicket against the ticket endpoint', () => {
  it('posts the bearer token and the ticket body, and returns the ticket id', async () => {
    const seen: { authorization: string | null; body: unknown }[] = [];
    server.use(
      http.post(TICKET_URL, async ({ request }) => {
        seen.push({ authorization: request.headers.get('authorization'), body: await request.json() });
        return HttpResponse.json({
          ticket_id: 'tk-1',
          expires_at: '2026-12-01T20:00:00Z',
          websocket_url: 'ws://127.0.0.1:9/ws?ticket=tk-1',
        });
      }),
    );
    expect(await fetchTicket({ httpUrl: HTTP_URL, token: 'tok-abc', timeoutMs: 1000 })).toBe('tk-1');
    expect(seen).toEqual([{ authorization: 'Bearer tok-abc', body: { ttl_seconds: 300, single_use: true } }]);
  });

  it('uses the configured ticket path', async () => {
    server.use(http.post(`${HTTP_URL}/auth/ticket`, () => HttpResponse.json({ ticket_id: 'tk-2' })));
    expect(await fetchTicket({ httpUrl: HTTP_URL, token: 't', ticketPath: '/auth/ticket', timeoutMs: 1000 })).toBe(
      'tk-2',
    );
  });

  it('names the status and the error code when the auth service refuses the token', async () => {
    server.use(
      http.post(TICKET_URL, () =>
        HttpResponse.json({ error_code: 'AUTH_FAILED', error_message: 'bad token' }, { status: 401 }),
      ),
    );
    await expect(fetchTicket({ httpUrl: HTTP_URL, token: 'bad', timeoutMs: 1000, userId: 'u-7' })).rejects.toThrow(
      'ticket request for user u-7: expected 200 with ticket_id, received 401 AUTH_FAILED',
    );
  });

  it('treats a 200 without a ticket_id as a refusal, not as a ticket', async () => {
    server.use(http.post(TICKET_URL, () => HttpResponse.json({ ticket: 'wrong-field' })));
    await expect(fetchTicket({ httpUrl: HTTP_URL, token: 't', timeoutMs: 1000, userId: 'u-7' })).rejects.toThrow(
      'expected 200 with ticket_id, received 200',
    );
  });

  it('treats a body that is not JSON as a refusal with its status', async () => {
    server.use(
      http.post(
        TICKET_URL,
        () =>
          new HttpResponse('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    await expect(fetchTicket({ httpUrl: HTTP_URL, token: 't', timeoutMs: 1000, userId: 'u-7' })).rejects.toThrow(
      'expected 200 with ticket_id, received 502',
    );
  });

  it('is an infrastructure error (exit 3) naming the deadline when the endpoint does not answer in time', async () => {
    server.use(
      http.post(TICKET_URL, async () => {
        await delay('infinite');
        return HttpResponse.json({ ticket_id: 'never' });
      }),
    );
    const error = await fetchTicket({ httpUrl: HTTP_URL, token: 't', timeoutMs: 100, userId: 'u-7' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error).toMatchObject({ code: 'GOLDPATH_TICKET_UNREACHABLE', exitCode: 3 });
    expect((error as Error).message).toContain(
      `ticket endpoint ${TICKET_URL} did not answer for user u-7 within 100 ms`,
    );
  });

  it('is an infrastructure error when the connection fails', async () => {
    server.use(http.post(TICKET_URL, () => HttpResponse.error()));
    await expect(fetchTicket({ httpUrl: HTTP_URL, token: 't', timeoutMs: 1000, userId: 'u-7' })).rejects.toMatchObject({
      code: 'GOLDPATH_TICKET_UNREACHABLE',
    });
  });
});
