import { describe, expect, it } from 'vitest';
import { checkDrafts, codes } from './testing/checkDrafts.ts';
import { canary, connect, runDrafts, type Draft, type RunSpec } from './testing/historyBuilder.ts';
import { pipelineDrafts, pipelineIndex } from './testing/pipelineDrafts.ts';

const spec: RunSpec = { user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] };
const close = (code: number, by: 'client' | 'server' | undefined, reason = ''): Draft => ({
  kind: 'close',
  user: 'u-7',
  conn: 'c-1',
  code,
  reason,
  ...(by !== undefined && { by }),
});
const errors = async (drafts: Draft[], expectations = {}) =>
  (await checkDrafts(drafts, { expectations })).findings.filter((f) => f.severity === 'error');

describe('a socket closed while it carries an unfinished request or run', () => {
  it('reports the server closing with 1000 in the middle of a pipeline, once', async () => {
    const drafts = pipelineDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1) });
    const cut = pipelineIndex(drafts, 'data', 'agent_started');
    const found = await errors([...connect('u-7'), ...drafts.slice(0, cut), close(1000, 'server')]);
    expect(codes(found)).toEqual(['completeness.run_not_terminated', 'completeness.closed_mid_run']);
    expect(found[1]?.message).toMatch(
      /^close 1000 by the server on socket c-1 of user u-7 at frame \d+ \(while the socket carried run r-3 open since frame 3\): expected the socket open until every run on it ended, received close 1000$/,
    );
  });

  it('reports the server closing with 1000 on the first message, before any run', async () => {
    const [request] = runDrafts(spec);
    const found = await errors([...connect('u-7'), request!, close(1000, 'server', 'done')]);
    expect(codes(found)).toEqual(['completeness.no_run_for_request', 'completeness.closed_mid_run']);
    expect(found[1]?.message).toBe(
      'close 1000 (done) by the server on socket c-1 of user u-7 at frame 3 (while the socket carried the start_agent at frame 2 without a run): expected the socket open until every run on it ended, received close 1000',
    );
  });

  it("finds nothing when the server closes after the run ended, or goldpath's client closed it, or the scenario allows the code", async () => {
    expect(await errors([...connect('u-7'), ...runDrafts(spec), close(1000, 'server')])).toEqual([]);
    const [request, started, thinking, ...rest] = runDrafts(spec);
    const reconnect = [
      ...connect('u-7'),
      request!,
      started!,
      thinking!,
      close(1000, 'client'),
      ...connect('u-7', 'c-2'),
      ...rest.map((d) => ({ ...d, conn: 'c-2' })),
    ];
    expect(await errors(reconnect)).toEqual([]);
    expect(
      await errors([...connect('u-7'), request!, close(1009, 'server')], {
        allowedCloseCodes: [1009],
        expectedRejections: 1,
      }),
    ).toEqual(expect.not.arrayContaining([expect.objectContaining({ code: 'completeness.closed_mid_run' })]));
  });

  it('does not guess when the history does not say who closed', async () => {
    const [request] = runDrafts(spec);
    expect(codes(await errors([...connect('u-7'), request!, close(1000, undefined)]))).toEqual([
      'completeness.no_run_for_request',
    ]);
  });
});
