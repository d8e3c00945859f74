import type { ConnectFailureInfo, ConnectFailureKind } from '../../client/classifyConnectError.ts';

/** What is known when every user of one connect attempt failed. */
export interface SuiteStopInput {
  /** The classified failures; `unclassified` counts the others (backend findings, never a stop). */
  failures: readonly ConnectFailureInfo[];
  unclassified: number;
  /** Some user of this run was welcomed earlier: then only a dead target stops the suite. */
  welcomedBefore: boolean;
  scenario: string;
  wsUrl: string;
  /** describeCredentials(…): transport, claim names, issuer. */
  credentials: string;
  /** For an unanswered upgrade: what the HTTP side said, e.g. "GET /health answered 200". */
  health?: string;
}

export interface SuiteStopVerdict {
  code: string;
  line: string;
}

const TARGET_DOWN = new Set<ConnectFailureKind>(['unreachable', 'upgrade_unanswered']);

function commonest<T>(values: readonly T[]): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** The commonest kind, and the commonest answer among the failures of that kind. */
function mostCommon(failures: readonly ConnectFailureInfo[]): { kind: ConnectFailureKind; received: string } {
  const kind = commonest(failures.map((f) => f.kind));
  return { kind, received: commonest(failures.filter((f) => f.kind === kind).map((f) => f.received)) };
}

/**
 * Decides whether a connect attempt in which every user failed means goldpath cannot test this target at all,
 * and if so, the one line that says so: what was sent, what came back, what to check. A dead target stops the
 * suite at any time; a refusal (auth, close, no welcome, rejected upgrade) only while no user has been welcomed yet.
 * @example judgeSuiteStop({ failures: [{ kind: 'auth_refused', received: 'close 1008' }], unclassified: 0, welcomedBefore: false, … })
 */
export function judgeSuiteStop(input: SuiteStopInput): SuiteStopVerdict | undefined {
  const { failures } = input;
  if (failures.length === 0 || input.unclassified > 0) return undefined;
  const down = failures.every((f) => TARGET_DOWN.has(f.kind));
  if (!down && (input.welcomedBefore || failures.some((f) => TARGET_DOWN.has(f.kind)))) return undefined;
  const { kind, received } = mostCommon(failures);
  const others = new Set(failures.map((f) => f.received)).size - 1;
  const got = `${received}${others > 0 ? ` (and ${others} other answer${others === 1 ? '' : 's'})` : ''}`;
  const who = `${failures.length} of ${failures.length} user${failures.length === 1 ? '' : 's'} of "${input.scenario}"`;
  switch (kind) {
    case 'auth_refused':
      return {
        code: 'GOLDPATH_AUTH_REFUSED',
        line: `the backend refused the suite's credentials: ${who} got ${got}; sent ${input.credentials}; check that --secret (auth.secret) is the backend's JWT secret, that auth.issuer is the issuer its auth service expects, and which claims it requires (--claim key=value, auth.claims)`,
      };
    case 'unreachable':
      return input.welcomedBefore
        ? {
            code: 'GOLDPATH_TARGET_DIED',
            line: `the target stopped answering during the run: ${input.wsUrl}: ${got} for ${who} after earlier users were welcomed; the remaining scenarios were not run: check whether the backend crashed or was stopped`,
          }
        : {
            code: 'GOLDPATH_TARGET_UNREACHABLE',
            line: `the target is unreachable: ${input.wsUrl}: ${got} for ${who}; start the backend or fix --target (target.wsUrl)`,
          };
    case 'upgrade_unanswered':
      return {
        code: 'GOLDPATH_UPGRADE_UNANSWERED',
        line: `the WebSocket upgrade at ${input.wsUrl} was never answered: ${got} for ${who}${input.health !== undefined ? `, while ${input.health}` : ''}; check the WebSocket path and any proxy or load balancer in front of it`,
      };
    case 'upgrade_rejected':
      return {
        code: 'GOLDPATH_UPGRADE_REJECTED',
        line: `the backend rejected the WebSocket upgrade at ${input.wsUrl}: ${got} for ${who}; check the WebSocket path (/ws, /api/v1/websocket) and the subprotocols it accepts`,
      };
    case 'closed_before_welcome':
      return {
        code: 'GOLDPATH_CONNECTIONS_REFUSED',
        line: `the backend closed every connection before its welcome: ${got} for ${who}; sent ${input.credentials}; check the backend's log (close 1011 means its services are not ready)`,
      };
    case 'no_welcome':
      return {
        code: 'GOLDPATH_NO_WELCOME',
        line: `the backend opened the sockets but never welcomed them: ${got} for ${who}; goldpath waits for connection_established (or connection_ready, or system_message with data.event connection_established) before it sends anything`,
      };
  }
}
