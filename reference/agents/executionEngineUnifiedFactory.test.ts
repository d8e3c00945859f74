import { afterEach, expect, test, vi } from 'vitest';
import { generateRequestId, generateRunId, generateThreadId } from '../context/generateIds.ts';
import { UserExecutionContext } from '../context/UserExecutionContext.ts';
import { UserExecutionEngineFactory } from '../core/managers/executionEngineFactory.ts';
import { UnifiedExecutionEngineFactory } from './executionEngineUnifiedFactory.ts';
import { ExecutionEngineFactory } from './supervisor/executionEngineFactory.ts';

const context = (): UserExecutionContext =>
  UserExecutionContext.create({
    userId: 'user-legacy-01',
    threadId: generateThreadId('agent'),
    runId: generateRunId('agent'),
    requestId: generateRequestId('agent'),
    agentContext: { user_request: 'legacy request' },
  });

afterEach(() => vi.restoreAllMocks());

test('warns once per process with a DeprecationWarning and delegates to the canonical factory', async () => {
  const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  const first = UnifiedExecutionEngineFactory.configure({ latencyMs: 0 });
  const second = new UnifiedExecutionEngineFactory({ latencyMs: 0 });
  expect(emitWarning).toHaveBeenCalledTimes(1);
  expect(emitWarning).toHaveBeenCalledWith(expect.stringContaining('UnifiedExecutionEngineFactory is deprecated'), {
    type: 'DeprecationWarning',
    code: 'GOLDPATH_UNIFIED_FACTORY_DEPRECATED',
  });
  expect(first.delegate).toBeInstanceOf(ExecutionEngineFactory);
  expect(UnifiedExecutionEngineFactory.getInstance()).toBe(first);
  first.shutdown();
  second.shutdown();
});

test('createExecutionEngine is an alias of createForUser and counts backwards-compatibility usage', async () => {
  vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  const canonical = new ExecutionEngineFactory({ latencyMs: 0 });
  const unified = new UnifiedExecutionEngineFactory(canonical);
  const engine = await unified.createExecutionEngine(context());
  expect(canonical.getFactoryMetrics().active_engine_keys).toEqual([engine.key]);
  expect(unified.getFactoryMetrics().backwards_compatibility_usage).toBe(1);
  unified.shutdown();
  expect(canonical.getFactoryMetrics().active_engines_count).toBe(0);
});

test('the compat path re-exports the canonical class itself', () => {
  expect(UserExecutionEngineFactory).toBe(ExecutionEngineFactory);
});
