import { createHash } from 'node:crypto';
import { InfrastructureError, UsageError } from '../common/GoldpathError.ts';
import type { GoldpathConfig } from '../config/index.ts';
import type { ClientStats } from '../client/ClientStats.ts';
import { probeConnection, type ProbeResult } from '../client/probeConnection.ts';
import { SimulatedUser, type SocketRecorder } from '../client/SimulatedUser.ts';
import { signUserToken, type SignUserTokenOptions } from '../client/signUserToken.ts';
import type { TokenTransport, UserAuth } from '../client/UserAuth.ts';
import type { StartedTarget } from '../targets/index.ts';
import { asInfrastructureFailure } from './asInfrastructureFailure.ts';
import type { SuiteStopGate } from './suiteStop.ts';

export interface UserPoolOptions {
  target: StartedTarget;
  config: GoldpathConfig;
  /** Unique per test: the users' ids are `gp-<tag>-u0001`, … */
  tag: string;
  record?: SocketRecorder;
  stats?: ClientStats;
  /** Stops the whole run once when the target cannot be tested (see suiteStop.ts). */
  suiteStop?: SuiteStopGate;
  /** The scenario's title, for the stop's one line. */
  scenario?: string;
}

/**
 * The simulated users of one test. Creates users with unique ids and the configured credentials, connects them
 * with bounded concurrency and deadlines, and closes them all when the test ends.
 * @example const [alice, bob] = await users.connect(2)
 */
export class UserPool {
  readonly all: SimulatedUser[] = [];
  private readonly secret: string | undefined;
  private readonly auth: GoldpathConfig['auth'];

  constructor(private readonly options: UserPoolOptions) {
    this.auth = options.config.auth;
    this.secret = this.auth.kind === 'static' ? undefined : (this.auth.secret ?? (this.auth.secretEnv ? process.env[this.auth.secretEnv] : undefined) ?? options.target.secret);
  }

  /** The token transport of the run (subprotocol, header or query). */
  get transport(): TokenTransport {
    return this.options.config.tokenTransport;
  }

  /** Creates `n` users (not connected yet). */
  create(n: number): SimulatedUser[] {
    const created: SimulatedUser[] = [];
    for (let i = 0; i < n; i++) {
      const index = this.all.length + 1;
      const userId = this.userId(index);
      const user = new SimulatedUser({
        userId,
        wsUrl: this.options.target.wsUrl,
        httpUrl: this.options.target.httpUrl,
        auth: this.userAuth(userId),
        tokenTransport: this.transport,
        runTimeoutMs: this.options.config.sla.runDeadlineMs,
        startSlaMs: this.options.config.sla.startSlaMs,
        maxGapMs: this.options.config.sla.maxGapMs,
        ...(this.options.record ? { record: this.options.record } : {}),
        ...(this.options.stats ? { stats: this.options.stats } : {}),
      });
      this.all.push(user);
      created.push(user);
    }
    return created;
  }

  /**
   * Connects users (default: all not yet connected), at most `concurrency` handshakes at once.
   * An unreachable target is an infrastructure failure ([GOLDPATH_INFRA], exit 3).
   */
  async connectAll(users: SimulatedUser[] = this.all.filter((u) => !u.connected), options: { concurrency?: number; timeoutMs?: number } = {}): Promise<SimulatedUser[]> {
    const queue = [...users];
    const failures: Error[] = [];
    const worker = async (): Promise<void> => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        try {
          await user.connect(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
        } catch (error) {
          failures.push(error as Error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 50, queue.length) }, worker));
    if (failures.length < users.length) this.options.suiteStop?.noteWelcomed();
    if (failures.length > 0 && failures.length === users.length && this.options.suiteStop !== undefined) {
      const stop = await this.options.suiteStop.judge(failures, { scenario: this.options.scenario ?? 'this scenario', wsUrl: this.options.target.wsUrl, ...this.healthUrl() });
      if (stop !== undefined) throw stop;
    }
    if (failures.length > 0) {
      const first = failures[0] as Error;
      const message = `${failures.length} of ${users.length} users failed to connect; first: ${first.message}`;
      if (first instanceof InfrastructureError) throw asInfrastructureFailure(new InfrastructureError(first.code, message, { cause: first }));
      throw new Error(message, { cause: first });
    }
    return users;
  }

  /** create(n) + connectAll. */
  async connect(n: number, options: { concurrency?: number; timeoutMs?: number } = {}): Promise<SimulatedUser[]> {
    return this.connectAll(this.create(n), options);
  }

  /**
   * Signs a token for any user id with the run's secret, with overrides to forge bad ones (issuer, expiry, secret).
   * @example await users.token('gp-x-u0001', { expiresInSeconds: -60 })
   */
  async token(userId: string, overrides: Partial<SignUserTokenOptions> = {}): Promise<string> {
    const secret = overrides.secret ?? this.secret;
    if (secret === undefined) throw new UsageError('GOLDPATH_SECRET_MISSING', 'signing a token needs the backend secret: set auth.secret or --secret.');
    return signUserToken({ secret, userId, ...this.signingDefaults(overrides), ...overrides });
  }

  /** The configured issuer and claims, minus the ones a forged token's overrides mean to change. */
  private signingDefaults(overrides: Partial<SignUserTokenOptions>): Pick<SignUserTokenOptions, 'issuer' | 'claims'> {
    if (this.auth.kind === 'static') return {};
    const claims = { ...this.auth.claims };
    if (overrides.issuer !== undefined) delete claims.iss;
    if (overrides.expiresInSeconds !== undefined) {
      delete claims.exp;
      delete claims.iat;
    }
    return { issuer: this.auth.issuer, claims };
  }

  /** One raw connection with any credential (or none), recorded like every other socket: for auth probes. */
  probe(options: { token?: string; user?: string; windowMs?: number; transport?: TokenTransport; protocols?: string[] }): Promise<ProbeResult> {
    return probeConnection({
      wsUrl: this.options.target.wsUrl,
      transport: options.transport ?? this.transport,
      ...options,
      ...(this.options.record ? { record: this.options.record } : {}),
    });
  }

  private healthUrl(): { healthUrl?: string } {
    const { httpUrl } = this.options.target;
    if (httpUrl === undefined) return {};
    const target = this.options.config.target;
    return { healthUrl: new URL(target.kind === 'url' ? target.healthPath : '/health', httpUrl).href };
  }

  /** Closes every socket (in parallel, each bounded by its own deadline). */
  async closeAll(): Promise<void> {
    await Promise.all(this.all.map((u) => u.close().catch(() => undefined)));
  }

  private userId(index: number): string {
    if (this.auth.kind === 'static') {
      const ids = Object.keys(this.auth.tokens);
      const id = ids[index - 1];
      if (id === undefined) throw new UsageError('GOLDPATH_STATIC_TOKENS_EXHAUSTED', `auth.tokens has ${ids.length} users, the scenario wants user ${index}: add tokens or lower --users.`);
      return id;
    }
    return `gp-${this.options.tag}-u${String(index).padStart(4, '0')}`;
  }

  private userAuth(userId: string): UserAuth {
    const auth = this.auth;
    if (auth.kind === 'static') return { kind: 'static', token: auth.tokens[userId] as string };
    if (this.secret === undefined) {
      throw new UsageError('GOLDPATH_SECRET_MISSING', `auth.secret: the target ${this.options.target.label} needs the backend's HS256 secret to sign test tokens. Pass --secret, set auth.secret or auth.secretEnv, or use auth.kind 'static'.`);
    }
    if (auth.kind === 'ticket') return { kind: 'ticket', secret: this.secret, ticketPath: auth.ticketPath, issuer: auth.issuer, claims: auth.claims };
    return { kind: 'jwt', secret: this.secret, issuer: auth.issuer, claims: auth.claims };
  }
}

/** A short tag unique to one test of one run, for user ids. */
export function poolTag(runId: string, testId: string, repeat: number, retry: number): string {
  return createHash('sha256').update(`${runId}|${testId}|${repeat}|${retry}`).digest('hex').slice(0, 8);
}

