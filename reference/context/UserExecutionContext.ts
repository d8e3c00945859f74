import {
  ContextNestingTooDeepError,
  MissingContextIdError,
  PlaceholderContextIdError,
  PlaceholderPrefixContextIdError,
  ReservedContextKeyError,
  TestPrefixOutsideTestEnvironmentError,
} from './contextErrors.ts';
import { generateRequestId } from './generateIds.ts';

export type ContextEnvironment = 'test' | 'development' | 'staging' | 'production';
export type ContextMetadata = Readonly<Record<string, unknown>>;

export interface UserExecutionContextInput {
  userId: string;
  threadId: string;
  runId: string;
  requestId: string;
  websocketClientId?: string | undefined;
  agentContext?: Record<string, unknown> | undefined;
  auditMetadata?: Record<string, unknown> | undefined;
  /** Which environment's rules apply: `test_` ids are accepted only in "test". Default "production". */
  environment?: ContextEnvironment | undefined;
  /** ISO time; default now. */
  createdAt?: string | undefined;
}

export const MAX_CONTEXT_DEPTH = 10;

export const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set([
  'registry',
  'placeholder',
  'default',
  'temp',
  'none',
  'null',
  'undefined',
  '0',
  '1',
  'xxx',
  'yyy',
  'example',
  'test',
  'demo',
  'sample',
  'template',
  'mock',
  'fake',
  'dummy',
]);

export const PLACEHOLDER_PREFIXES: readonly string[] = [
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
];

/** `default_<name>` ids that are real accounts, not placeholders. */
export const ALLOWED_DEFAULT_IDS: readonly string[] = [
  'default_user',
  'default_admin',
  'default_system',
  'default_account',
  'default_service',
  'default_client',
  'default_guest',
];

export const RESERVED_CONTEXT_KEYS: ReadonlySet<string> = new Set([
  'user_id',
  'thread_id',
  'run_id',
  'request_id',
  'created_at',
  'db_session',
  'websocket_client_id',
]);

const SHORT_ID_LENGTH = 20;

/**
 * The immutable, validated identity of one request: who asked, in which thread, for which run.
 * @example const ctx = UserExecutionContext.create({ userId: 'user-7f3a', threadId, runId, requestId });
 */
export class UserExecutionContext {
  readonly userId: string;
  readonly threadId: string;
  readonly runId: string;
  readonly requestId: string;
  readonly websocketClientId: string | undefined;
  readonly agentContext: ContextMetadata;
  readonly auditMetadata: ContextMetadata;
  readonly environment: ContextEnvironment;
  readonly createdAt: string;
  readonly operationDepth: number;
  readonly parentRequestId: string | undefined;

  private constructor(input: UserExecutionContextInput, operationDepth: number, parentRequestId: string | undefined) {
    const environment = input.environment ?? 'production';
    this.userId = validateId('user_id', input.userId, environment);
    this.threadId = validateId('thread_id', input.threadId, environment);
    this.runId = validateId('run_id', input.runId, environment);
    this.requestId = validateId('request_id', input.requestId, environment);
    this.websocketClientId = input.websocketClientId;
    this.agentContext = freezeMetadata('agent_context', input.agentContext);
    this.auditMetadata = freezeMetadata('audit_metadata', input.auditMetadata);
    this.environment = environment;
    this.createdAt = input.createdAt ?? new Date().toISOString();
    if (operationDepth > MAX_CONTEXT_DEPTH) throw new ContextNestingTooDeepError(operationDepth, MAX_CONTEXT_DEPTH);
    this.operationDepth = operationDepth;
    this.parentRequestId = parentRequestId;
    Object.freeze(this);
  }

  /** Validates every rule and returns a frozen context, or throws a ContextValidationError subclass. */
  static create(input: UserExecutionContextInput): UserExecutionContext {
    return new UserExecutionContext(input, 0, undefined);
  }

  /** A nested context for a sub-operation: same user, thread and run, a new request id, depth + 1 (at most 10). */
  createChild(
    operation: string,
    extra: { agentContext?: Record<string, unknown>; auditMetadata?: Record<string, unknown> } = {},
  ): UserExecutionContext {
    return new UserExecutionContext(
      {
        userId: this.userId,
        threadId: this.threadId,
        runId: this.runId,
        requestId: generateRequestId(operation),
        websocketClientId: this.websocketClientId,
        agentContext: { ...this.agentContext, ...extra.agentContext },
        auditMetadata: { ...this.auditMetadata, ...extra.auditMetadata, parent_operation: operation },
        environment: this.environment,
      },
      this.operationDepth + 1,
      this.requestId,
    );
  }

  /** The request text this context was created for, if any. */
  get userRequest(): string {
    const request = this.agentContext['user_request'];
    return typeof request === 'string' ? request : '';
  }
}

function validateId(field: string, value: unknown, environment: ContextEnvironment): string {
  if (typeof value !== 'string' || value.trim() === '') throw new MissingContextIdError(field, value);
  const lower = value.toLowerCase();
  if (PLACEHOLDER_VALUES.has(lower)) throw new PlaceholderContextIdError(field, value);
  if (value.length < SHORT_ID_LENGTH) {
    const prefix = PLACEHOLDER_PREFIXES.find((p) => lower.startsWith(p));
    const allowedDefault = prefix === 'default_' && ALLOWED_DEFAULT_IDS.some((id) => lower.startsWith(id));
    if (prefix !== undefined && !allowedDefault) throw new PlaceholderPrefixContextIdError(field, value, prefix);
    if (lower.startsWith('test_') && environment !== 'test') {
      throw new TestPrefixOutsideTestEnvironmentError(field, value, environment);
    }
  }
  return value;
}

function freezeMetadata(field: string, metadata: Record<string, unknown> | undefined): ContextMetadata {
  const copy: Record<string, unknown> = { ...metadata };
  for (const key of Object.keys(copy)) {
    if (RESERVED_CONTEXT_KEYS.has(key)) throw new ReservedContextKeyError(field, key);
  }
  return Object.freeze(copy);
}
