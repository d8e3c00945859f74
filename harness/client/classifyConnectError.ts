import { InfrastructureError } from '../common/GoldpathError.ts';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
]);
const AUTH_STATUS = new Set([401, 403]);
const RECEIVED_MAX = 160;

/**
 * Why a connection got no welcome:
 * - unreachable: no TCP connection (or a 5xx on the upgrade);
 * - upgrade_unanswered: the TCP connection opened but the WebSocket upgrade got no answer in time;
 * - upgrade_rejected: the upgrade got an HTTP answer other than 101 (404, …) or no subprotocol the client offered;
 * - auth_refused: AUTH_FAILED, close 1008, or HTTP 401/403;
 * - closed_before_welcome: the socket opened and closed with another code before any welcome;
 * - no_welcome: the socket opened, but no welcome frame came in time.
 */
export type ConnectFailureKind =
  'unreachable' | 'upgrade_unanswered' | 'upgrade_rejected' | 'auth_refused' | 'closed_before_welcome' | 'no_welcome';

/** What a failed connection met, for the one line that explains a refused suite. */
export interface ConnectFailureInfo {
  kind: ConnectFailureKind;
  /** What came back, e.g. `error_message AUTH_FAILED "Authentication failed" then close 1008` (never a token). */
  received: string;
}

/** The target could not be reached at all: exit 3 wherever it happens. */
export class TargetUnreachableError extends InfrastructureError implements ConnectFailureInfo {
  constructor(
    readonly kind: 'unreachable' | 'upgrade_unanswered',
    message: string,
    readonly received: string,
    options?: { cause?: unknown },
  ) {
    super(kind === 'unreachable' ? 'GOLDPATH_TARGET_UNREACHABLE' : 'GOLDPATH_UPGRADE_UNANSWERED', message, options);
  }
}

/** The target answered but did not welcome this user: a backend finding, unless it refuses the whole suite. */
export class ConnectRefusedError extends Error implements ConnectFailureInfo {
  constructor(
    readonly kind: Exclude<ConnectFailureKind, 'unreachable' | 'upgrade_unanswered'>,
    message: string,
    readonly received: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConnectRefusedError';
  }
}

/** The failure info of a connect error, when it is one of ours. */
export function connectFailureOf(error: unknown): ConnectFailureInfo | undefined {
  return error instanceof TargetUnreachableError || error instanceof ConnectRefusedError
    ? { kind: error.kind, received: error.received }
    : undefined;
}

const cut = (text: string): string =>
  text.length > RECEIVED_MAX ? `${text.slice(0, RECEIVED_MAX)}… (${text.length} characters)` : text;

/**
 * A socket error before the welcome: unreachable (refused, no route, 5xx) and an unanswered upgrade are
 * infrastructure (exit 3); HTTP 401/403 is an auth refusal; another HTTP status a rejected upgrade.
 */
export function classifyConnectError(error: Error & { code?: string }, where: string): Error {
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  if ((error.code !== undefined && UNREACHABLE.has(error.code)) || (status !== undefined && Number(status) >= 500)) {
    const received = status !== undefined ? `HTTP ${status} on the upgrade` : (error.code ?? error.message);
    return new TargetUnreachableError(
      'unreachable',
      `target unreachable: ${where}: ${received}. Is the backend running and listening there?`,
      received,
      { cause: error },
    );
  }
  if (/handshake has timed out/i.test(error.message)) {
    return new TargetUnreachableError(
      'upgrade_unanswered',
      `${where}: the WebSocket upgrade was not answered (${error.message})`,
      'no answer to the WebSocket upgrade',
      { cause: error },
    );
  }
  if (status !== undefined) {
    const kind = AUTH_STATUS.has(Number(status)) ? 'auth_refused' : 'upgrade_rejected';
    return new ConnectRefusedError(kind, `${where}: ${error.message}`, `HTTP ${status} on the upgrade`, {
      cause: error,
    });
  }
  if (/no subprotocol|invalid subprotocol/i.test(error.message)) {
    return new ConnectRefusedError(
      'upgrade_rejected',
      `${where}: ${error.message}`,
      `the upgrade selected none of the offered subprotocols (${error.message})`,
      { cause: error },
    );
  }
  return new Error(`${where}: ${error.message}`, { cause: error });
}

/**
 * A socket that closed before its welcome. AUTH_FAILED or close 1008 is an auth refusal; any other close is
 * `closed_before_welcome`. `frames` are the parsed frames it received before closing.
 */
export function classifyCloseBeforeWelcome(
  close: { code: number; reason: string },
  frames: readonly Record<string, unknown>[],
  where: string,
): ConnectRefusedError {
  const errorFrame = frames.find((f) => f.type === 'error_message' || f.type === 'error');
  const nested = (errorFrame?.data ?? {}) as Record<string, unknown>;
  const code = errorFrame === undefined ? undefined : (errorFrame.error_code ?? nested.error_code);
  const text =
    errorFrame === undefined
      ? undefined
      : (errorFrame.error_message ?? errorFrame.message ?? nested.error_message ?? nested.message);
  const closeText = `close ${close.code}${close.reason !== '' ? ` "${close.reason}"` : ''}`;
  const frameText =
    errorFrame === undefined
      ? ''
      : `${String(errorFrame.type)}${code !== undefined ? ` ${String(code)}` : ''}${text !== undefined ? ` "${String(text)}"` : ''} then `;
  const received = cut(`${frameText}${closeText}`);
  const kind = code === 'AUTH_FAILED' || close.code === 1008 ? 'auth_refused' : 'closed_before_welcome';
  return new ConnectRefusedError(kind, `${where}: ${received} before the welcome`, received);
}

/** The welcome deadline ran out: before the upgrade answered (infrastructure), or on an open socket (no welcome). */
export function classifyWelcomeTimeout(opened: boolean, timeoutMs: number, where: string, cause: Error): Error {
  if (!opened)
    return new TargetUnreachableError(
      'upgrade_unanswered',
      `${where}: the WebSocket upgrade was not answered within ${timeoutMs} ms`,
      `no answer to the WebSocket upgrade within ${timeoutMs} ms`,
      { cause },
    );
  return new ConnectRefusedError(
    'no_welcome',
    `${where}: ${cause.message}`,
    `an open socket but no welcome frame (connection_established) within ${timeoutMs} ms`,
    { cause },
  );
}
