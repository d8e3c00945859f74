import type { Capabilities } from '../config/GoldpathConfig.ts';

/** The kinds of target goldpath can drive; one `StartedTarget` shape for all of them. */
export type TargetKind = 'embedded' | 'url' | 'process' | 'container';

/**
 * A backend that is up and reachable, however it was started. Dispose it to stop what goldpath started
 * (nothing, for a url target).
 * @example await using target = await startTarget(config); connect(target.wsUrl)
 */
export interface StartedTarget {
  kind: TargetKind;
  /** Human-readable: "embedded reference (canonical)", "process node reference/cli/...", "container goldpath-reference:local". */
  label: string;
  /** WebSocket endpoint, e.g. ws://127.0.0.1:41234/ws */
  wsUrl: string;
  /** Base URL of the HTTP side, e.g. http://127.0.0.1:41234 */
  httpUrl: string;
  /** HS256 secret for signing test tokens, when known. */
  secret?: string;
  /** What the backend declares it offers beyond the protocol (the embedded reference its own; others take the config's). */
  capabilities?: Capabilities;
  /** Factory metrics of the backend, when it exposes them. */
  metrics?(): Promise<Record<string, unknown>>;
  /** Captured (redacted) log lines of a process or container target. */
  logs?(): string[];
  /**
   * Puts the backend back in its started state: closes its sockets, forgets threads and engines, zeroes counters, and
   * draws its defects from `seed` (embedded only; goldpath's fixtures call it before every test of a worker).
   */
  reset?(options?: { seed?: number }): Promise<void>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartTargetOptions {
  /** Where a process or container target writes `target.log`. */
  logDir?: string;
  signal?: AbortSignal;
}
