import { describe, expect, test } from 'vitest';
import {
  ContextNestingTooDeepError,
  MissingContextIdError,
  PlaceholderContextIdError,
  PlaceholderPrefixContextIdError,
  ReservedContextKeyError,
  TestPrefixOutsideTestEnvironmentError,
} from './contextErrors.ts';
import { generateRequestId, generateRunId, generateThreadId, SERVER_ID_PATTERN } from './generateIds.ts';
import { PLACEHOLDER_VALUES, UserExecutionContext, type UserExecutionContextInput } from './UserExecutionContext.ts';

const valid: UserExecutionContextInput = {
  userId: 'user-7f3a9c21',
  threadId: generateThreadId('agent'),
  runId: generateRunId('agent'),
  requestId: generateRequestId('agent'),
};

function createWith(overrides: Partial<UserExecutionContextInput>): UserExecutionContext {
  return UserExecutionContext.create({ ...valid, ...overrides });
}

describe('UserExecutionContext', () => {
  test('creates a frozen context whose metadata cannot be changed', () => {
    const context = createWith({ agentContext: { user_request: 'hello' } });
    expect(Object.isFrozen(context)).toBe(true);
    expect(Object.isFrozen(context.agentContext)).toBe(true);
    expect(() => {
      (context as { userId: string }).userId = 'someone-else';
    }).toThrow(TypeError);
    expect(context.userRequest).toBe('hello');
  });

  test.each(['userId', 'threadId', 'runId', 'requestId'] as const)(
    'rejects an empty or missing %s with CONTEXT_ID_MISSING',
    (field) => {
      for (const value of ['', '   ', undefined, 42]) {
        const error = captureError(() => createWith({ [field]: value as unknown as string }));
        expect(error).toBeInstanceOf(MissingContextIdError);
        expect(error).toMatchObject({ code: 'CONTEXT_ID_MISSING' });
      }
    },
  );

  test('rejects every placeholder value in any letter case with CONTEXT_ID_PLACEHOLDER', () => {
    for (const value of PLACEHOLDER_VALUES) {
      for (const variant of [value, value.toUpperCase()]) {
        const error = captureError(() => createWith({ userId: variant }));
        expect(error, variant).toBeInstanceOf(PlaceholderContextIdError);
      }
    }
    expect(captureError(() => createWith({ runId: 'Placeholder' }))?.message).toBe(
      'UserExecutionContext.run_id: expected a real identifier, received the placeholder value "Placeholder". ' +
        'Did you forget to pass the authenticated value instead of a default?',
    );
  });

  test('rejects placeholder prefixes on ids shorter than 20 characters with CONTEXT_ID_PLACEHOLDER_PREFIX', () => {
    for (const prefix of [
      'placeholder_',
      'registry_',
      'temp_',
      'example_',
      'demo_',
      'sample_',
      'template_',
      'mock_',
      'fake_',
      'default_',
    ]) {
      const error = captureError(() => createWith({ threadId: `${prefix}1` }));
      expect(error, prefix).toBeInstanceOf(PlaceholderPrefixContextIdError);
      expect(error).toMatchObject({ code: 'CONTEXT_ID_PLACEHOLDER_PREFIX', field: 'thread_id' });
    }
  });

  test('accepts placeholder prefixes on ids of 20 characters or more', () => {
    expect(createWith({ threadId: 'temp_0123456789abcdef' }).threadId).toBe('temp_0123456789abcdef');
  });

  test('accepts the real default_ accounts', () => {
    for (const id of [
      'default_user',
      'default_admin',
      'default_system',
      'default_account',
      'default_service',
      'default_client',
      'default_guest',
    ]) {
      expect(createWith({ userId: id }).userId).toBe(id);
    }
  });

  test('rejects test_ ids outside the test environment and accepts them inside it', () => {
    const error = captureError(() => createWith({ userId: 'test_user_1', environment: 'production' }));
    expect(error).toBeInstanceOf(TestPrefixOutsideTestEnvironmentError);
    expect(error).toMatchObject({ code: 'CONTEXT_ID_TEST_PREFIX' });
    expect(createWith({ userId: 'test_user_1', environment: 'test' }).userId).toBe('test_user_1');
  });

  test.each(['user_id', 'thread_id', 'run_id', 'request_id', 'created_at', 'db_session', 'websocket_client_id'])(
    'rejects the reserved key %s in agent_context and audit_metadata',
    (key) => {
      const inAgentContext = captureError(() => createWith({ agentContext: { [key]: 'x' } }));
      expect(inAgentContext).toBeInstanceOf(ReservedContextKeyError);
      expect(inAgentContext).toMatchObject({ code: 'CONTEXT_RESERVED_KEY', field: 'agent_context' });
      const inAudit = captureError(() => createWith({ auditMetadata: { [key]: 'x' } }));
      expect(inAudit).toMatchObject({ code: 'CONTEXT_RESERVED_KEY', field: 'audit_metadata' });
    },
  );

  test('nests child contexts up to 10 deep and rejects the 11th level', () => {
    let context = createWith({});
    for (let depth = 1; depth <= 10; depth++) {
      const child = context.createChild('sub_op');
      expect(child.operationDepth).toBe(depth);
      expect(child.parentRequestId).toBe(context.requestId);
      expect(child.userId).toBe(context.userId);
      context = child;
    }
    const error = captureError(() => context.createChild('too_deep'));
    expect(error).toBeInstanceOf(ContextNestingTooDeepError);
    expect(error?.message).toBe(
      'UserExecutionContext.operation_depth: expected at most 10 nested child contexts, received 11. ' +
        'Create sibling contexts from the parent instead of nesting further.',
    );
  });

  test('generates server ids shaped <kind>_<op>_<n>_<hex8>', () => {
    expect(generateThreadId('agent', 7)).toMatch(/^thread_agent_7_[0-9a-f]{8}$/);
    expect(generateRunId('user message', 8)).toMatch(/^run_user_message_8_[0-9a-f]{8}$/);
    expect(generateRequestId('agent')).toMatch(SERVER_ID_PATTERN);
  });
});

function captureError(fn: () => unknown): (Error & { code?: string }) | undefined {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  return undefined;
}
