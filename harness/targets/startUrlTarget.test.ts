import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/loadConfig.ts';
import { openWelcome } from './openWelcome.testkit.ts';
import { startReferenceCli } from './referenceCli.testkit.ts';
import { httpUrlOf } from './startUrlTarget.ts';
import { startTarget } from './startTarget.ts';

const SECRET = 'url-secret';

describe('url target: a backend started separately on a known port', () => {
  it('checks reachability, then reaches the backend with the configured secret', async () => {
    const backend = await startReferenceCli(SECRET);
    try {
      await using target = await startTarget(
        parseConfig({
          auth: { kind: 'jwt', secret: SECRET },
          target: { kind: 'url', wsUrl: `ws://127.0.0.1:${backend.port}/ws`, metricsPath: '/api/factory/metrics' },
        }),
      );
      expect(target).toMatchObject({
        kind: 'url',
        label: `url ws://127.0.0.1:${backend.port}/ws`,
        httpUrl: `http://127.0.0.1:${backend.port}`,
        secret: SECRET,
      });
      expect((await openWelcome(target.wsUrl, SECRET)).type).toBe('connection_established');
      expect(await target.metrics?.()).toMatchObject({ total_engines_created: 0 });
      await target.stop();
      expect(backend.child.exitCode).toBeNull();
    } finally {
      await backend.stop();
    }
  });

  it('derives the HTTP side from the WebSocket URL', () => {
    expect(httpUrlOf('ws://127.0.0.1:8000/ws')).toBe('http://127.0.0.1:8000');
    expect(httpUrlOf('wss://127.0.0.1:8443/api/v1/websocket')).toBe('https://127.0.0.1:8443');
  });
});
