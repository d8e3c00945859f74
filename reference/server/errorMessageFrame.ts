/**
 * Every error_message code the reference backend sends, what triggers it and what happens to the socket.
 * The socket stays open unless `closeCode` says otherwise.
 */
export const ERROR_CODES = {
  AUTH_FAILED: {
    closeCode: 1008,
    when: 'no token, bad signature, expired, wrong issuer or type, unknown/expired/used ticket',
  },
  UNSUPPORTED_SUBPROTOCOL: {
    closeCode: 1003,
    when: 'subprotocols offered, none of them jwt./jwt-auth./bearer., and no other token source',
  },
  SERVICE_NOT_READY: { closeCode: 1011, when: 'a connection arrives while the backend is stopping' },
  CONNECTION_LIMIT_EXCEEDED: { closeCode: 1013, when: 'the user already has maxConnectionsPerUser (10) open sockets' },
  JSON_PARSE_ERROR: { closeCode: undefined, when: 'a text frame that is not valid JSON' },
  INVALID_MESSAGE_FORMAT: {
    closeCode: undefined,
    when: 'a binary frame, a JSON value that is not an object with a string `type`, or a non-string thread_id',
  },
  MESSAGE_TOO_LARGE: {
    closeCode: undefined,
    when: 'a frame over 8192 bytes (frames over 1 MiB are closed by the socket layer with 1009)',
  },
  MISSING_USER_REQUEST: { closeCode: undefined, when: 'start_agent without a non-empty user_request' },
  MISSING_MESSAGE_CONTENT: { closeCode: undefined, when: 'user_message without a non-empty content, message or text' },
  THREAD_ACCESS_DENIED: { closeCode: undefined, when: 'a thread_id owned by another user' },
  INVALID_USER_CONTEXT: {
    closeCode: undefined,
    when: "the request's UserExecutionContext fails validation (details.validation_code says which rule)",
  },
  ENGINE_LIMIT_EXCEEDED: { closeCode: undefined, when: 'the user already has maxEnginesPerUser (2) active runs' },
  INTERNAL_ERROR: { closeCode: undefined, when: 'anything unexpected while starting a run' },
} as const satisfies Record<string, { closeCode: number | undefined; when: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The error envelope: `{type:"error_message", error_code, error_message, details, timestamp, recovery_suggestions}`;
 * `recovery_suggestions` is null in every real error_message.
 */
export function errorMessageFrame(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  recoverySuggestions: readonly string[] | null = [],
): string {
  return JSON.stringify({
    type: 'error_message',
    error_code: code,
    error_message: message,
    details,
    timestamp: new Date().toISOString(),
    recovery_suggestions: recoverySuggestions,
  });
}
