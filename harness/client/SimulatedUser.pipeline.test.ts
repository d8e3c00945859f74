import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { findCanaries } from '../../contracts/index.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { codes } from '../checks/testing/checkDrafts.ts';
import { stampPayload } from '../checks/testing/historyBuilder.ts';
import { pipelineDrafts } from '../checks/testing/pipelineDrafts.ts';
import { attachRecorder } from '../recorder/attachRecorder.ts';
import { HistoryWriter } from '../recorder/HistoryWriter.ts';
import { SimulatedUser } from './SimulatedUser.ts';

type Behaviour = 'pipeline' | 'close-on-first-message';

/** A ws server on 127.0.0.1 that streams the supervisor pipeline and holds the root's end back until the client pings. */
async function pipelineServer(behaviour: Behaviour): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  let run = 0;
  server.on('connection', (socket: WebSocket) => {
    socket.send(
      JSON.stringify({
        type: 'connection_established',
        data: { mode: 'main', user_id: 'gp-pipe-...', connection_id: `main_${run}` },
        timestamp: Date.now() / 1000,
      }),
    );
    let held: string | undefined;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (behaviour === 'close-on-first-message') return socket.close(1000);
      if (message.type === 'ping' && held !== undefined) {
        socket.send(held);
        held = undefined;
        return;
      }
      if (message.type !== 'start_agent') return;
      const canary = findCanaries(data.toString())[0]!;
      const frames = pipelineDrafts({ user: 'gp-pipe-u0001', runId: `run_chat_${++run}_a1b2c3d4`, canary }).flatMap(
        (d) =>
          d.kind === 'frame' && d.dir === 'in'
            ? [JSON.stringify(stampPayload(d.payload ?? {}, d.stamp, Date.now()))]
            : [],
      );
      held = frames.pop();
      for (const frame of frames) socket.send(frame);
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-pipeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SimulatedUser against a backend that runs a supervisor pipeline', () => {
  it("resolves a run only at the agent_completed of its root agent, not at the sub-agents' ends", async () => {
    const server = await pipelineServer('pipeline');
    const writer = await HistoryWriter.open(join(dir, 'pipeline.jsonl'), { scenario: 'pipeline' });
    const user = new SimulatedUser({
      userId: 'gp-pipe-u0001',
      wsUrl: server.url,
      auth: { kind: 'jwt', secret: 'test-secret' },
      record: (s, m) => attachRecorder(s, writer, m),
    });
    try {
      await user.connect();
      const run = user.startAgent('Compare the plans');
      // every sub-agent has ended (reporting last), one of them with an agent_error without ids; the root has not
      await user.nextMessage((f) => f.type === 'agent_completed' && f.frame.agent_name === 'reporting', {
        what: 'no agent_completed of reporting',
      });
      expect(run.done).toBe(false);
      expect(run.status).toBe('running');
      expect(run.types.filter((t) => t === 'agent_completed')).toHaveLength(3);
      expect(run.types).toContain('agent_error');
      user.send({ type: 'ping', timestamp: Date.now() });
      const result = await run.completed({ timeoutMs: 10_000 });
      expect(result.status).toBe('completed');
      expect(result.events.at(-1)?.frame).toMatchObject({ type: 'agent_completed', agent_name: 'Supervisor' });
      expect(result.runId).toBe('run_chat_1_a1b2c3d4');
      await user.close();
      await writer.close();
      const check = await checkHistoryFile(writer.path);
      expect(check.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(check.stats).toMatchObject({ runs: 1, runsCompleted: 1 });
    } finally {
      await user.close();
      await server.close();
    }
  });

  it('records a server close with 1000 on the first message, and the check reports it', async () => {
    const server = await pipelineServer('close-on-first-message');
    const writer = await HistoryWriter.open(join(dir, 'closed.jsonl'), { scenario: 'closed' });
    const user = new SimulatedUser({
      userId: 'gp-pipe-u0002',
      wsUrl: server.url,
      auth: { kind: 'jwt', secret: 'test-secret' },
      record: (s, m) => attachRecorder(s, writer, m),
    });
    try {
      await user.connect();
      const closed = new Promise((resolve) => user.socket!.once('close', resolve));
      user.startAgent('Compare the plans');
      await closed;
      expect(user.lastClose?.code).toBe(1000);
      await writer.close();
      const check = await checkHistoryFile(writer.path);
      expect(codes(check.findings)).toEqual(['completeness.no_run_for_request', 'completeness.closed_mid_run']);
      expect(check.findings[1]?.message).toMatch(
        /^close 1000 by the server on socket gp-pipe-u0002#1 of user gp-pipe-u0002 at frame 3 \(while the socket carried the start_agent at frame 2 without a run\)/,
      );
    } finally {
      await server.close();
    }
  });

  it("records its own close as the client's: no finding for a run it walked away from by reconnecting", async () => {
    const server = await pipelineServer('pipeline');
    const writer = await HistoryWriter.open(join(dir, 'own-close.jsonl'), { scenario: 'own close' });
    const user = new SimulatedUser({
      userId: 'gp-pipe-u0003',
      wsUrl: server.url,
      auth: { kind: 'jwt', secret: 'test-secret' },
      record: (s, m) => attachRecorder(s, writer, m),
    });
    try {
      await user.connect();
      user.startAgent('Compare the plans');
      await user.nextMessage((f) => f.type === 'agent_started', { what: 'no agent_started' });
      await user.close();
      await writer.close();
      const check = await checkHistoryFile(writer.path);
      expect(codes(check.findings)).not.toContain('completeness.closed_mid_run');
    } finally {
      await server.close();
    }
  });
});
