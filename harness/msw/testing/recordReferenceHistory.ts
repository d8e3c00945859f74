import { startReferenceBackend, type ReferenceBackendOptions } from '../../../reference/startReferenceBackend.ts';
import { SimulatedUser } from '../../client/SimulatedUser.ts';
import { attachRecorder } from '../../recorder/attachRecorder.ts';
import { HistoryWriter } from '../../recorder/HistoryWriter.ts';

/**
 * Records a short golden-path session against the embedded reference backend the way `goldpath run` does (simulated
 * users, the recorder on every socket): one user, a start_agent and a follow-up user_message in its thread.
 * @example await recordReferenceHistory(join(dir, 'history.jsonl'))
 */
export async function recordReferenceHistory(
  path: string,
  options: { backend?: ReferenceBackendOptions; requests?: readonly string[] } = {},
): Promise<void> {
  await using backend = await startReferenceBackend({ latencyMs: 1, ...options.backend });
  await using writer = await HistoryWriter.open(path, {
    scenario: 'golden path recorded for msw',
    target: 'embedded reference',
  });
  const user = new SimulatedUser({
    userId: 'gp-rec0-u0001',
    wsUrl: backend.wsUrl,
    auth: { kind: 'jwt', secret: backend.secret },
    record: (socket, meta) => attachRecorder(socket, writer, meta),
  });
  try {
    await user.connect();
    const [first = 'Compare the Q3 plans [tools:1]', ...rest] = options.requests ?? [
      'Compare the Q3 plans [tools:1]',
      'And the Q4 ones? [tools:2]',
    ];
    const opened = await user.startAgent(first).completed({ timeoutMs: 10_000 });
    for (const text of rest) await user.userMessage(text, opened.threadId ?? null).completed({ timeoutMs: 10_000 });
  } finally {
    await user.close();
  }
}
