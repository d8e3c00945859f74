import { connect } from 'node:net';

/** Resolves true when a TCP connection to host:port opens within timeoutMs; never rejects. */
export function canConnect(host: string, port: number, timeoutMs: number): Promise<{ ok: boolean; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: { ok: boolean; error?: string }): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, error: error.code ?? error.message }));
  });
}

/** GETs a URL with a deadline; returns its status, or the error that stopped it. Never rejects. */
export async function httpStatus(url: string, timeoutMs: number): Promise<{ status?: number; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { error: cause?.code ?? (error as Error).name ?? String(error) };
  }
}

/** GETs a JSON object from a URL with a deadline; every failure names the URL and what came back. */
export async function getJson(url: string, timeoutMs = 5_000): Promise<Record<string, unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new Error(`GET ${url} did not answer within ${timeoutMs} ms`, { cause: error });
    const cause = (error as { cause?: { code?: string } }).cause;
    throw new Error(`GET ${url} failed: ${cause?.code ?? (error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `GET ${url} answered ${response.status}: expected a JSON object, received ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(
      `GET ${url} answered ${response.status}: expected a JSON object, received ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`,
    );
  }
  return json as Record<string, unknown>;
}
