import { afterEach, describe, expect, it } from 'vitest';
import {
  startHostileBackend,
  type HostileMode,
  type StartedHostileBackend,
} from '../../test/backends/hostileBackend.ts';
import { DeadlineError } from '../common/waitFor.ts';
import { RunInterruptedError } from './RunHandle.ts';
import { SimulatedUser } from './SimulatedUser.ts';

const open: Array<StartedHostileBackend | SimulatedUser> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function connectedUser(
  mode: HostileMode,
  sla: { startSlaMs?: number; maxGapMs?: number } = {},
): Promise<SimulatedUser> {
  const backend = await startHostileBackend({ mode });
  open.push(backend);
  const user = new SimulatedUser({
    userId: 'gp-hostile-u0001',
    wsUrl: backend.wsUrl,
    auth: { kind: 'jwt', secret: backend.secret },
    runTimeoutMs: 60_000,
    ...sla,
  });
  open.push(user);
  await user.connect();
  return user;
}

describe('a run fails at the SLA it broke, not at the run deadline', () => {
  it('fails a run with no agent_started at the start SLA, with the numbers', async () => {
    const user = await connectedUser('silent', { startSlaMs: 300, maxGapMs: 1000 });
    const error = await user
      .startAgent('hello [tools:1]')
      .completed()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).timeoutMs).toBe(300);
    expect((error as Error).message).toMatch(
      /^no agent_started for the start_agent of user gp-hostile-u0001 \(request GPC-[0-9a-f]+\) within the start SLA of 300 ms; received nothing after \d+ ms \(deadline 300 ms\)$/,
    );
  });

  it('fails a run whose backend stops answering mid-run at the gap SLA', async () => {
    const user = await connectedUser('stall', { startSlaMs: 5000, maxGapMs: 300 });
    const error = await user
      .startAgent('hello [tools:1]')
      .completed()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as DeadlineError).timeoutMs).toBe(300);
    expect((error as Error).message).toMatch(
      /^no event for run run_chat_1_[0-9a-f]+ of user gp-hostile-u0001 since agent_thinking within the gap SLA of 300 ms; received agent_started → agent_thinking after \d+ ms/,
    );
  });

  it('holds a run only to the run deadline when the SLAs are switched off for the wait', async () => {
    const user = await connectedUser('silent', { startSlaMs: 100, maxGapMs: 100 });
    const error = await user
      .startAgent('hello')
      .completed({ timeoutMs: 400, startSlaMs: false })
      .catch((e: unknown) => e);
    expect((error as DeadlineError).timeoutMs).toBe(400);
    expect((error as Error).message).toContain('no agent_completed for run (none bound yet; request GPC-');
  });

  it('does not run the start SLA while the user does not read its socket', async () => {
    const user = await connectedUser('polite', { startSlaMs: 200, maxGapMs: 200 });
    user.pause();
    const run = user.startAgent('slow reader [tools:1]');
    await new Promise((resolve) => setTimeout(resolve, 400));
    user.resume();
    expect((await run.completed()).status).toBe('completed');
  });
});

describe('a run on a socket that died fails at once', () => {
  it('fails the run in progress when the backend cuts the socket, naming the close', async () => {
    const user = await connectedUser('drop');
    const error = await user
      .startAgent('hello [tools:1]')
      .completed()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInterruptedError);
    expect((error as Error).message).toMatch(
      /^socket gp-hostile-u0001#1 of user gp-hostile-u0001 closed with 1006 after agent_started → agent_thinking of run run_chat_1_[0-9a-f]+: it cannot complete on this socket$/,
    );
  });

  it('fails the next request on the dead socket at once, saying why', async () => {
    const user = await connectedUser('die');
    await user
      .startAgent('hello')
      .completed()
      .catch(() => undefined);
    expect(() => user.startAgent('again')).toThrow(
      'user gp-hostile-u0001 cannot send: its socket gp-hostile-u0001#1 closed with 1006; reconnect() first',
    );
  });

  it('does not fail a run when the user closes the socket itself to reconnect', async () => {
    const user = await connectedUser('stall', { startSlaMs: 5000, maxGapMs: 5000 });
    const run = user.startAgent('hello [tools:1]');
    await user.nextMessage((f) => f.type === 'agent_thinking');
    await user.reconnect();
    const error = await run.completed({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toContain(
      `no agent_completed for run ${run.runId} of user gp-hostile-u0001; received agent_started → agent_thinking`,
    );
  });
});
