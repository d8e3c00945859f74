import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import { DeadlineError } from '../common/waitFor.ts';
import { InfrastructureError } from '../common/GoldpathError.ts';
import { SimulatedUser } from './SimulatedUser.ts';
import type { TokenTransport } from './UserAuth.ts';

type Backend = Awaited<ReturnType<typeof startReferenceBackend>>;
let backend: Backend;
let n = 0;
const users: SimulatedUser[] = [];

function user(options: { transport?: TokenTransport; ticket?: boolean } = {}): SimulatedUser {
  const u = new SimulatedUser({
    userId: `gp-unit-u${String(++n).padStart(4, '0')}`,
    wsUrl: backend.wsUrl,
    httpUrl: backend.httpUrl,
    auth: options.ticket ? { kind: 'ticket', secret: backend.secret } : { kind: 'jwt', secret: backend.secret },
    tokenTransport: options.transport ?? 'subprotocol',
  });
  users.push(u);
  return u;
}

beforeAll(async () => {
  backend = await startReferenceBackend({ latencyMs: 1, heartbeatMs: 100 });
});
afterAll(async () => {
  await Promise.all(users.map((u) => u.close()));
  await backend.stop();
});

describe('SimulatedUser', () => {
  it.each(['subprotocol', 'header', 'query'] as const)(
    'connects with the token in the %s and gets the welcome',
    async (transport) => {
      const u = user({ transport });
      const welcome = await u.connect();
      expect(welcome.type).toBe('connection_established');
      expect(welcome.protocol).toEqual(transport === 'subprotocol' ? expect.stringMatching(/^jwt\./) : '');
    },
  );

  it('connects through the ticket flow', async () => {
    expect((await user({ ticket: true }).connect()).type).toBe('connection_established');
  });

  it('correlates two concurrent runs of one user to their own requests by canary', async () => {
    const u = user();
    await u.connect();
    const a = u.startAgent('first question [tools:2]');
    const b = u.startAgent('second question [tools:1]');
    const [ra, rb] = await Promise.all([a.completed(), b.completed()]);
    expect(ra.runId).not.toBe(rb.runId);
    expect(ra.types.filter((t) => t === 'tool_executing')).toHaveLength(2);
    expect(rb.types.filter((t) => t === 'tool_executing')).toHaveLength(1);
    // each run quotes its own request's canary and never the other's (a pipeline quotes it in its sub-agents' frames)
    expect(JSON.stringify(ra.events.map((e) => e.frame))).toContain(a.canary);
    expect(JSON.stringify(ra.events.map((e) => e.frame))).not.toContain(b.canary);
    expect(JSON.stringify(rb.events.map((e) => e.frame))).toContain(b.canary);
    expect(JSON.stringify(rb.events.map((e) => e.frame))).not.toContain(a.canary);
  });

  it('keeps every frame as it arrived: the inbox and the runs hold the same frames, each the value its text parses to', async () => {
    const u = user();
    await u.connect();
    const run = await u.startAgent('keep what arrived [tools:2]').completed();
    // the texts as the socket delivered them, from here on (heartbeats included, in the inbox too)
    const since = u.inbox.length;
    const texts: string[] = [];
    u.socket!.on('message', (data) => texts.push(String(data)));
    const second = await u.startAgent('and again [tools:1]').completed();
    const arrived = u.inbox.slice(since);
    expect(arrived.map((f) => f.frame)).toEqual(texts.map((t) => JSON.parse(t) as unknown));
    expect(second.events.every((e) => arrived.includes(e))).toBe(true);
    for (const event of [...run.events, ...second.events]) {
      expect(event.frame).toBe(event.frame);
      expect(u.inbox).toContain(event);
    }
    expect(run.events.at(-1)?.frame).toMatchObject({ type: 'agent_completed', run_id: run.runId });
  });

  it('resolves a request answered by an error_message as rejected with its code', async () => {
    const u = user();
    await u.connect();
    const runs = [1, 2, 3].map((i) => u.startAgent(`limit probe ${i} [tools:3]`));
    const results = await Promise.all(runs.map((r) => r.completed()));
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.rejection?.code)).toEqual([
      'ENGINE_LIMIT_EXCEEDED',
    ]);
  });

  it('answers heartbeats with heartbeat_ack', async () => {
    const u = user();
    await u.connect();
    const beat = await u.nextMessage((f) => f.type === 'heartbeat', { timeoutMs: 2000 });
    expect(beat.type).toBe('heartbeat');
    await expect.poll(() => backend.metrics().connections_open).toBeGreaterThan(0);
  });

  it('fails a wait with a DeadlineError naming user, run and milliseconds', async () => {
    const u = user();
    await u.connect();
    u.pause();
    const run = u.startAgent('never read [tools:1]');
    const error = await run.completed({ timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^no agent_completed for run \\(none bound yet; request GPC-[0-9a-f]{16}\\) of user ${u.userId}; received nothing after \\d+ ms \\(deadline 150 ms\\)$`,
      ),
    );
    u.resume();
    expect((await run.completed()).status).toBe('completed');
  });

  it('keeps its runs across a reconnect and serves new ones on the new socket', async () => {
    const u = user();
    await u.connect();
    const run = u.startAgent('survive a reconnect [tools:4]');
    await u.reconnect();
    expect(u.conn).toMatch(/#2$/);
    expect(u.runs).toContain(run);
    expect((await u.startAgent('after the reconnect [tools:1]').completed()).status).toBe('completed');
  });

  it('reports an unreachable target as an infrastructure error', async () => {
    const u = new SimulatedUser({
      userId: 'gp-unit-nobody',
      wsUrl: 'ws://127.0.0.1:1/ws',
      auth: { kind: 'jwt', secret: 'x' },
    });
    await expect(u.connect({ timeoutMs: 2000 })).rejects.toThrow(InfrastructureError);
  });
});
