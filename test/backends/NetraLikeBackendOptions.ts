import type { NetraBug } from './NetraBug.ts';

/** How a Netra-like backend authenticates a connection. */
export interface NetraLikeAuthOptions {
  /** HS256 secret tokens must be signed with; generated when absent. */
  secret?: string;
  /** Production auth service: the claim `token_type: "access"` is required (the claim `type` does not count). */
  requireTokenType?: boolean;
  /** Issuer required of every token. Default "netra-auth-service". */
  issuer?: string;
  /**
   * 'strict' (default): a token that fails verification is refused (AUTH_FAILED, then close 1008).
   * 'relaxed' (the real default outside production): a forged, expired or unsigned token is accepted as a pseudo-user
   * named by a hash of the token.
   */
  level?: 'strict' | 'relaxed';
  /** DEMO_MODE=1: no auth at all, every connection is `demo-user-001`. */
  demoMode?: boolean;
  /**
   * 'echo-jwt' (default, the current server): echoes the `jwt.<token>` entry as the selected subprotocol.
   * 'jwt-auth' (older server): reads the token from `jwt.<token>` but selects only a bare `jwt-auth` entry.
   */
  subprotocol?: 'echo-jwt' | 'jwt-auth';
}

export interface NetraLikeBackendOptions {
  /**
   * 'pipeline': a Supervisor (bridge shape) runs sub-agents (emitter shape) under the same run_id.
   * 'bridge': one agent per run in the simple bridge shape.
   */
  shape: 'pipeline' | 'bridge';
  auth?: NetraLikeAuthOptions;
  /** Real bugs to reproduce; none by default. */
  bugs?: readonly NetraBug[];
  /** Sub-agents of the pipeline, in order. Default triage, data, reporting. */
  subAgents?: readonly string[];
  /** Pause between two frames of a run, in ms. Default 2. */
  stepDelayMs?: number;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
}
