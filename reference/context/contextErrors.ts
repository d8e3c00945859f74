/** Every way a UserExecutionContext can be invalid; `code` is stable, the message says what and how to fix it. */
export abstract class ContextValidationError extends Error {
  abstract readonly code: string;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class MissingContextIdError extends ContextValidationError {
  readonly code = 'CONTEXT_ID_MISSING';
  constructor(field: string, received: unknown) {
    super(
      field,
      `UserExecutionContext.${field}: expected a non-empty string, received ${describe(received)}. ` +
        `Pass the real ${field} (the server generates thread_id, run_id and request_id; user_id is the JWT sub).`,
    );
  }
}

export class PlaceholderContextIdError extends ContextValidationError {
  readonly code = 'CONTEXT_ID_PLACEHOLDER';
  constructor(field: string, received: string) {
    super(
      field,
      `UserExecutionContext.${field}: expected a real identifier, received the placeholder value "${received}". ` +
        `Did you forget to pass the authenticated value instead of a default?`,
    );
  }
}

export class PlaceholderPrefixContextIdError extends ContextValidationError {
  readonly code = 'CONTEXT_ID_PLACEHOLDER_PREFIX';
  constructor(field: string, received: string, prefix: string) {
    super(
      field,
      `UserExecutionContext.${field}: expected a real identifier, received "${received}" ` +
        `(prefix "${prefix}" on an id shorter than 20 characters marks a placeholder). ` +
        `Use a generated id such as run_<op>_<n>_<hex8>, or a full-length id.`,
    );
  }
}

export class TestPrefixOutsideTestEnvironmentError extends ContextValidationError {
  readonly code = 'CONTEXT_ID_TEST_PREFIX';
  constructor(field: string, received: string, environment: string) {
    super(
      field,
      `UserExecutionContext.${field}: received the test id "${received}" in the "${environment}" environment. ` +
        `Ids starting with "test_" (shorter than 20 characters) are only accepted when environment is "test".`,
    );
  }
}

export class ReservedContextKeyError extends ContextValidationError {
  readonly code = 'CONTEXT_RESERVED_KEY';
  constructor(field: string, key: string) {
    super(
      field,
      `UserExecutionContext.${field}: the key "${key}" is reserved for the context itself. ` +
        `Rename it (for example "requested_${key}") or read it from the context's own field.`,
    );
  }
}

export class ContextNestingTooDeepError extends ContextValidationError {
  readonly code = 'CONTEXT_NESTING_TOO_DEEP';
  constructor(depth: number, maxDepth: number) {
    super(
      'operation_depth',
      `UserExecutionContext.operation_depth: expected at most ${maxDepth} nested child contexts, received ${depth}. ` +
        `Create sibling contexts from the parent instead of nesting further.`,
    );
  }
}

function describe(value: unknown): string {
  if (value === '') return 'an empty string';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value;
}
