import { z } from 'zod';
import { ImportCensusOptions } from '../../contracts/ImportCensus.ts';
import { ReferenceOptions, TargetConfig } from '../../contracts/TargetConfig.ts';
import { ThresholdsConfig } from '../../contracts/ThresholdsConfig.ts';
import { assertDefectsFitShape, parseDefects } from '../../reference/defects/parseDefects.ts';
import { SETTINGS_SHAPE } from './optionTable.ts';
import { scenarioPattern } from './scenarioPattern.ts';

// The target and thresholds are formats of their own (a migration plan names a target; a baseline comparison reads the
// thresholds), so they live in contracts/; re-exported here as parts of the config.
export { ReferenceOptions, TargetConfig, ThresholdsConfig };

/**
 * Claims added to every signed test token, or replacing its defaults (`sub, email, permissions, token_type, type, iss,
 * iat, exp, jti`), e.g. `{ tier: 'enterprise' }`. `--claim key=value` sets one.
 */
export const TokenClaims = z.record(z.string().min(1), z.json()).default({});
export type TokenClaims = z.infer<typeof TokenClaims>;

/** The issuer of signed test tokens: what the backend's auth service expects in `iss`. */
const Issuer = z.string().min(1).default('netra-auth-service');

/** How simulated users authenticate. */
export const AuthConfig = z.discriminatedUnion('kind', [
  /** Sign HS256 JWTs with the backend's shared secret (the embedded backend supplies its own). */
  z.strictObject({
    kind: z.literal('jwt'),
    secret: z.string().min(1).optional(),
    secretEnv: z.string().optional(),
    issuer: Issuer,
    claims: TokenClaims,
  }),
  /** A fixed token per user id. */
  z.strictObject({
    kind: z.literal('static'),
    tokens: z.record(z.string(), z.string()).refine((t) => Object.keys(t).length > 0, 'give at least one user → token'),
  }),
  /** Exchange a token for a ticket at POST /api/websocket/ticket, then connect with ?ticket=. */
  z.strictObject({
    kind: z.literal('ticket'),
    secret: z.string().min(1).optional(),
    secretEnv: z.string().optional(),
    ticketPath: z.string().default('/api/websocket/ticket'),
    issuer: Issuer,
    claims: TokenClaims,
  }),
  /** How the token reaches the server on connect. */
]);
export type AuthConfig = z.infer<typeof AuthConfig>;

/** The ways a backend says no to a request, named as in `capabilities.errorCodes` / `capabilities.closeCodes`. */
export const DenialKind = z.enum([
  'engineLimit',
  'threadAccess',
  'messageTooLarge',
  'missingUserRequest',
  'invalidMessage',
]);
export type DenialKind = z.infer<typeof DenialKind>;

/**
 * What the target offers beyond the protocol. The default suite assumes only the protocol; a scenario that needs one of
 * these is skipped with the reason when the target does not declare it. The embedded reference declares its own; a
 * `capabilities` key in the config replaces that declaration. The factory metrics endpoint is `target.metricsPath`.
 * @example capabilities: { engineLimit: 2, errorCodes: { engineLimit: 'ENGINE_LIMIT_EXCEEDED' }, maxMessageBytes: 8192, closeCodes: { messageTooLarge: 1009 } }
 */
export const Capabilities = z.strictObject({
  /** `[tools:N]` in a request makes its run call exactly N tools. */
  toolDirective: z.boolean().default(false),
  /** Agent runs one user may have active at once; the next request is denied (errorCodes / closeCodes `engineLimit`). */
  engineLimit: z.number().int().positive().optional(),
  /** Messages above this many bytes are denied (errorCodes / closeCodes `messageTooLarge`). */
  maxMessageBytes: z.number().int().positive().optional(),
  /**
   * The error_code of each denial. Without one, any error frame answering the request is the denial: an `error_message`
   * with some code, or `{"type":"error","message":…}`.
   */
  errorCodes: z.partialRecord(DenialKind, z.string().min(1)).default({}),
  /** Denials by closing the socket with a code instead of answering, e.g. `{ messageTooLarge: 1009, threadAccess: 1008 }`. */
  closeCodes: z.partialRecord(DenialKind, z.number().int().min(1000).max(4999)).default({}),
  /** The events of a run tell its thread_id, so a follow-up can name the thread. */
  threadIds: z.boolean().default(false),
  /** A run in progress goes on over the user's new socket after a reconnect. */
  resumeOnReconnect: z.boolean().default(false),
  /** GET /chat serves the chat page the browser scenarios drive. */
  chatPage: z.boolean().default(false),
  /** The chat page restores the conversation after a page reload. */
  reloadRestore: z.boolean().default(false),
  /** Defects of the reference backend switched on in this target. */
  referenceDefects: z.array(z.string()).default([]),
});
export type Capabilities = z.infer<typeof Capabilities>;

/** The whole configuration: every CLI option maps to one of these keys. */
export const GoldpathConfig = z
  .strictObject({
    target: TargetConfig.default({ kind: 'embedded', reference: ReferenceOptions.parse({}) }),
    auth: AuthConfig.default({ kind: 'jwt', issuer: 'netra-auth-service', claims: {} }),
    /** How the token is sent on connect: subprotocol jwt.<token>, Authorization header, or ?token=. */
    tokenTransport: z.enum(['subprotocol', 'header', 'query']).default('subprotocol'),
    dialect: z.enum(['netra']).default('netra'),
    /** What the target offers beyond the protocol (see Capabilities); absent: the embedded reference's own, none for others. */
    capabilities: Capabilities.optional(),
    /** Playwright projects to run (e.g. protocol, browser); empty = the default suite. */
    projects: z.array(z.string()).default([]),
    /** The folder of the team's own scenarios (*.spec.ts), relative to the config file; default scenarios/ when it exists. */
    testDir: z.string().min(1).optional(),
    /** Glob or regex of scenario titles/files to run. */
    scenario: z
      .string()
      .refine((s) => isPattern(scenarioPattern(s)), 'not a valid glob or regex')
      .optional(),
    /** Scale of the load scenarios (simulated users). */
    users: z.number().int().positive().max(100_000).optional(),
    /** The run settings of the option table: suite, workers, repeatEach, shard, maxDurationMs, ... */
    ...SETTINGS_SHAPE,
    sla: z
      .strictObject({
        maxGapMs: z.number().positive().default(15_000),
        runDeadlineMs: z.number().positive().default(60_000),
        startSlaMs: z.number().positive().default(5_000),
      })
      .default({ maxGapMs: 15_000, runDeadlineMs: 60_000, startSlaMs: 5_000 }),
    unknownEvents: z.enum(['ignore', 'warn', 'error']).default('warn'),
    /** 'strict' also reports fields found only away from where a client reads them (contract.field_misplaced). */
    contract: z.enum(['lenient', 'strict']).default('lenient'),
    /** Frames larger than this are recorded cut (long values first), with their full size, and reported. */
    recorder: z
      .strictObject({
        maxFrameBytes: z
          .number()
          .int()
          .positive()
          .default(1024 * 1024),
      })
      .default({ maxFrameBytes: 1024 * 1024 }),
    thresholds: ThresholdsConfig.default(ThresholdsConfig.parse({})),
    reports: z
      .strictObject({
        outDir: z.string().default('reports'),
        html: z.boolean().default(true),
        junit: z.boolean().default(true),
      })
      .default({ outDir: 'reports', html: true, junit: true }),
    /** `goldpath imports` and migrate step gates: import categories, test path rules, excluded folders, critical files. */
    imports: ImportCensusOptions.optional(),
  })
  // a misspelt defect is a usage error when the config is read (exit 2), not a failed backend start
  .superRefine((config, ctx) => {
    if (config.target.kind !== 'embedded') return;
    const { defects, agentShape } = config.target.reference;
    try {
      assertDefectsFitShape(parseDefects(defects), agentShape);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['target', 'reference', 'defects'], message: (error as Error).message });
    }
  });
export type GoldpathConfig = z.infer<typeof GoldpathConfig>;
export type GoldpathConfigInput = z.input<typeof GoldpathConfig>;

function isPattern(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
