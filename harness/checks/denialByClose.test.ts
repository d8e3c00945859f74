import { describe, expect, it } from 'vitest';
import { checkHistory } from './checkHistory.ts';
import { buildHistory, canary, connect, requestDraft, type Draft } from './testing/historyBuilder.ts';

// a backend that denies an oversized message by closing the socket with 1009, as a real one may
const drafts: Draft[] = [
  ...connect('u-1'),
  requestDraft({ user: 'u-1', runId: 'r-1', canary: canary(1) }),
  { kind: 'close', user: 'u-1', conn: 'c-1', code: 1009, reason: 'message too big' },
];

describe('a request denied by closing its socket', () => {
  it('is answered when the scenario allows that close code', async () => {
    const { header, records } = buildHistory(drafts, { expectations: { allowedCloseCodes: [1009] } });
    expect((await checkHistory(header, records)).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('is an unexpected close and a request without a run when it does not', async () => {
    const { header, records } = buildHistory(drafts);
    expect(
      (await checkHistory(header, records)).findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .sort(),
    ).toEqual(['completeness.no_run_for_request', 'infra.unexpected_close']);
  });
});
