import type { NetraLikeBackend } from '../startNetraLikeBackend.ts';
import { signToken } from './signToken.ts';
import { TestSocket } from './TestSocket.ts';

type Frame = Record<string, unknown>;

/** Opens a socket as `sub` with a valid token offered as `jwt.<token>` and waits for the welcome. */
export async function connectUser(backend: NetraLikeBackend, sub: string): Promise<TestSocket> {
  const token = await signToken({ secret: backend.secret, sub });
  const socket = await TestSocket.open(backend.wsUrl, [`jwt.${token}`]);
  await socket.waitFor((frame) => frame.type === 'connection_established');
  return socket;
}

/** Sends start_agent and returns the frames that arrive until the agent that opened the run completes. */
export async function runRequest(
  socket: TestSocket,
  userRequest: string,
  rootAgent: string,
  threadId: string | null = null,
): Promise<Frame[]> {
  const from = socket.frames.length;
  socket.send({
    type: 'start_agent',
    payload: { user_request: userRequest, thread_id: threadId, context: { source: 'message_input' }, settings: {} },
  });
  const last = await socket.waitFor(
    (frame) => frame.type === 'agent_completed' && frame.agent_name === rootAgent,
    5000,
    from,
  );
  return socket.frames.slice(from, socket.frames.indexOf(last) + 1);
}
