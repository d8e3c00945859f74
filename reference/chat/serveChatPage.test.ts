import { describe, expect, it } from 'vitest';
import { startReferenceBackend } from '../startReferenceBackend.ts';

describe('GET /chat', () => {
  it('serves the self-contained chat page with a CSP that allows only its own script, style and origin', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const response = await fetch(`${backend.httpUrl}/chat`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; connect-src 'self'/,
    );
    const html = await response.text();
    expect(html).toContain('<label for="message" class="visually-hidden">Message</label>');
    expect(html).toContain("fetch('/api/websocket/ticket'");
    expect(html).not.toMatch(/\b(?:src|href)=|https?:\/\//);
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const head = await fetch(`${backend.httpUrl}/chat`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${backend.httpUrl}/chat`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(await post.json()).toMatchObject({ error_code: 'METHOD_NOT_ALLOWED' });
  });
});
