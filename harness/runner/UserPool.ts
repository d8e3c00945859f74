import { createHash } from 'node:crypto';
import { InfrastructureError, UsageError } from '../common/GoldpathError.ts';
import type { GoldpathConfig } from '../config/index.ts';
import type { ClientStats } from '../client/ClientStats.ts';
import { probeConnection, type ProbeResult } from '../client/probeConnection.ts';
import { SimulatedUser, type SocketRecorder } from '../client/SimulatedUser.ts';
import { signUserToken, type SignUserTokenOptions } from '../client/signUserToken.ts';
import type { TokenTransport, UserAuth } from '../client/UserAuth.ts';
import type { StartedTarget } from '../targets/index.ts';
import { readWelcomeUserId } from '../client/readWelcomeUserId.ts';
import { asInfrastructureFailure } from './asInfrastructureFailure.ts';
import { SimulatedUserIds } from './SimulatedUserIds.ts';
import { staticUserLabel, tokenSubject } from './staticUserLabel.ts';
import type { SuiteStopGate } from './suiteStop.ts';

export interface UserPoolOptions {
  target: StartedTarget;
  config: GoldpathConfig;
  /** Unique per test: the users' ids are `gp<hex>-u0001`, … (see SimulatedUserIds) */
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
  private readonly ids: SimulatedUserIds;
  /** auth.tokens key → the id the backend knows that user by (static auth). */
  private readonly labels = new Map<string, string>();

  constructor(private readonly options: UserPoolOptions) {
    this.auth = options.config.auth;
    this.secret =
      this.auth.kind === 'static'
        ? undefined
        : (this.auth.secret ??
          (this.auth.secretEnv ? process.env[this.auth.secretEnv] : undefined) ??
          options.target.secret);
    this.ids = new SimulatedUserIds(options.tag, 'u');
  }

  /**
   * A pool whose static-auth users are labelled by the backend's id: a token without `sub` is asked once (per
   * worker) which user its welcome names. Other auth kinds need nothing: the pool chooses the ids.
   * @example const pool = await UserPool.open({ target, config, tag })
   */
  static async open(options: UserPoolOptions, timeoutMs = 10_000): Promise<UserPool> {
    const pool = new UserPool(options);
    const auth = pool.auth;
    if (auth.kind !== 'static') return pool;
    await Promise.all(
      Object.entries(auth.tokens).map(async ([key, token]) => {
        if (tokenSubject(token) !== undefined) return;
        const cacheKey = `${options.target.wsUrl}\u0000${key}`;
        let welcomeId = WELCOME_IDS.get(cacheKey);
        if (!WELCOME_IDS.has(cacheKey)) {
          welcomeId = await readWelcomeUserId({
            wsUrl: options.target.wsUrl,
            token,
            transport: pool.transport,
            timeoutMs,
          });
          WELCOME_IDS.set(cacheKey, welcomeId);
        }
        pool.labels.set(key, staticUserLabel(key, token, welcomeId));
      }),
    );
    return pool;
  }

  /** The token transport of the run (subprotocol, header or query). */
  get transport(): TokenTransport {
    return this.options.config.tokenTransport;
  }

  /** Creates `n` users (not connected yet). */
  create(n: number): SimulatedUser[] {
    const created: SimulatedUser[] = [];
    for (let i = 0; i < n; i++) {
      const { userId, auth } = this.nextUser(this.all.length + 1);
      const user = new SimulatedUser({
        userId,
        wsUrl: this.options.target.wsUrl,
        httpUrl: this.options.target.httpUrl,
        auth,
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
  async connectAll(
    users: SimulatedUser[] = this.all.filter((u) => !u.connected),
    options: { concurrency?: number; timeoutMs?: number } = {},
  ): Promise<SimulatedUser[]> {
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
      const stop = await this.options.suiteStop.judge(failures, {
        scenario: this.options.scenario ?? 'this scenario',
        wsUrl: this.options.target.wsUrl,
        ...this.healthUrl(),
      });
      if (stop !== undefined) throw stop;
    }
    if (failures.length > 0) {
      const first = failures[0] as Error;
      const message = `${failures.length} of ${users.length} users failed to connect; first: ${first.message}`;
      if (first instanceof InfrastructureError)
        throw asInfrastructureFailure(new InfrastructureError(first.code, message, { cause: first }));
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
   * @example await users.token('gp1a2b3c-u0001', { expiresInSeconds: -60 })
   */
  async token(userId: string, overrides: Partial<SignUserTokenOptions> = {}): Promise<string> {
    const secret = overrides.secret ?? this.secret;
    if (secret === undefined)
      throw new UsageError(
        'GOLDPATH_SECRET_MISSING',
        'signing a token needs the backend secret: set auth.secret or --secret.',
      );
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
  probe(options: {
    token?: string;
    user?: string;
    windowMs?: number;
    transport?: TokenTransport;
    protocols?: string[];
  }): Promise<ProbeResult> {
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

  private nextUser(index: number): { userId: string; auth: UserAuth } {
    const auth = this.auth;
    if (auth.kind === 'static') {
      const keys = Object.keys(auth.tokens);
      const key = keys[index - 1];
      if (key === undefined)
        throw new UsageError(
          'GOLDPATH_STATIC_TOKENS_EXHAUSTED',
          `auth.tokens has ${keys.length} users, the scenario wants user ${index}: add tokens or lower --users.`,
        );
      const token = auth.tokens[key] as string;
      return { userId: this.labels.get(key) ?? staticUserLabel(key, token), auth: { kind: 'static', token } };
    }
    if (this.secret === undefined) {
      throw new UsageError(
        'GOLDPATH_SECRET_MISSING',
        `auth.secret: the target ${this.options.target.label} needs the backend's HS256 secret to sign test tokens. Pass --secret, set auth.secret or auth.secretEnv, or use auth.kind 'static'.`,
      );
    }
    const userId = this.ids.next();
    if (auth.kind === 'ticket')
      return {
        userId,
        auth: {
          kind: 'ticket',
          secret: this.secret,
          ticketPath: auth.ticketPath,
          issuer: auth.issuer,
          claims: auth.claims,
        },
      };
    return { userId, auth: { kind: 'jwt', secret: this.secret, issuer: auth.issuer, claims: auth.claims } };
  }
}

/** Welcome user ids of static tokens without `sub`, per target and key: asked once per worker. */
const WELCOME_IDS = new Map<string, string | undefined>();

/** A short tag unique to one test of one run, for user ids. */
export function poolTag(runId: string, testId: string, repeat: number, retry: number): string {
  return createHash('sha256').update(`${runId}|${testId}|${repeat}|${retry}`).digest('hex').slice(0, 8);
}
