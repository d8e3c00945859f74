import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/loadConfig.ts';
import { canConnect } from './probe.ts';
import { startTarget } from './startTarget.ts';
import { openWelcome } from './openWelcome.testkit.ts';

describe('embedded target', () => {
  it('starts the reference backend on 127.0.0.1, welcomes a signed user, exposes metrics, and stops', async () => {
    const target = await startTarget(parseConfig({}));
    expect(target.kind).toBe('embedded');
    expect(target.label).toBe('embedded reference (canonical)');
    expect(target.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(target.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const welcome = await openWelcome(target.wsUrl, target.secret ?? '');
    expect(welcome.type).toBe('connection_established');
    expect(await target.metrics?.()).toMatchObject({ total_engines_created: 0, server: { factory_path: 'canonical' } });
    const port = Number(new URL(target.httpUrl).port);
    await target.stop();
    await target.stop();
    expect((await canConnect('127.0.0.1', port, 1000)).ok).toBe(false);
  });

  it('signs with the configured secret and passes the reference options through', async () => {
    await using target = await startTarget(
      parseConfig({
        auth: { kind: 'jwt', secret: 'embedded-secret' },
        target: { kind: 'embedded', reference: { factoryPath: 'compat', defects: ['drop-thinking'] } },
      }),
    );
    expect(target.secret).toBe('embedded-secret');
    expect(target.label).toBe('embedded reference (compat, defects drop-thinking)');
    expect((await openWelcome(target.wsUrl, 'embedded-secret')).type).toBe('connection_established');
  });
});
