import { describe, expect, it } from 'vitest';
import { checkInfra } from './infraCheck.ts';
import { buildHistory, connect, type Draft } from './testing/historyBuilder.ts';

const close = (code: number, reason = ''): Draft => ({ kind: 'close', user: 'u-1', conn: 'c-1', code, reason });

describe('infraCheck', () => {
  it('accepts 1000, 1001, 1005 and the allowed close codes', async () => {
    for (const code of [1000, 1001, 1005]) {
      const { header, records } = buildHistory([...connect('u-1'), close(code)]);
      expect(await checkInfra(header, records)).toEqual([]);
    }
    const { header, records } = buildHistory([...connect('u-1'), close(1008, 'auth')], {
      expectations: { allowedCloseCodes: [1008] },
    });
    expect(await checkInfra(header, records)).toEqual([]);
  });

  it('reports an unexpected close code and a socket error', async () => {
    const { header, records } = buildHistory([
      ...connect('u-1'),
      { kind: 'error', user: 'u-1', conn: 'c-1', message: 'read ECONNRESET' },
      close(1011, 'service not ready'),
    ]);
    expect((await checkInfra(header, records)).map((f) => [f.code, f.message])).toEqual([
      [
        'infra.connection_error',
        'socket error on socket c-1 of user u-1 at frame 2: expected no socket error, received read ECONNRESET',
      ],
      [
        'infra.unexpected_close',
        'close 1011 (service not ready) on socket c-1 of user u-1 at frame 3: expected one of 1000, 1001, 1005, received 1011',
      ],
    ]);
  });
});
