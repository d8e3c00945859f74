import { z } from 'zod';

/** Which factory import path the reference backend's code uses (the migration's variants). */
export const FactoryPath = z.enum(['canonical', 'compat', 'unified', 'mixed']);
export type FactoryPath = z.infer<typeof FactoryPath>;

/** Options of the embedded reference backend (the default target). */
export const ReferenceOptions = z.strictObject({
  factoryPath: FactoryPath.default('canonical'),
  /** `pipeline`: a Supervisor runs sub-agents under one run_id, as the real backend does; `single`: one agent per run. */
  agentShape: z.enum(['pipeline', 'single']).default('pipeline'),
  /** Switchable defects, e.g. ["shared-emitter@0.05", "slow-factory:300"]. */
  defects: z.array(z.string()).default([]),
  seed: z.number().int().default(1),
  latencyMs: z.number().nonnegative().default(2),
});
export type ReferenceOptions = z.infer<typeof ReferenceOptions>;

const Http = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });
const Ws = z.url({ protocol: /^wss?$/ });

/** Where the backend under test is. */
export const TargetConfig = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('embedded'), reference: ReferenceOptions.default(ReferenceOptions.parse({})) }),
  z.strictObject({
    kind: z.literal('url'),
    /** The WebSocket endpoint, e.g. ws://127.0.0.1:8000/ws */
    wsUrl: Ws,
    /** Base URL of the HTTP side (health, tickets, metrics); derived from wsUrl when absent. */
    httpUrl: Http.optional(),
    healthPath: z.string().default('/health'),
    metricsPath: z.string().optional(),
    /** How long the reachability check (TCP connect, then GET healthPath) may take before exit 3. */
    reachTimeoutMs: z.number().positive().default(5_000),
  }),
  z.strictObject({
    kind: z.literal('process'),
    /** Command and arguments; `$PORT` in any of them is replaced by the assigned free port (also in env PORT). */
    command: z.array(z.string()).min(1),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).default({}),
    wsPath: z.string().default('/ws'),
    /** Ready when this HTTP path answers 2xx ... */
    readyPath: z.string().optional(),
    /** ... or when a log line matches this pattern. */
    readyLog: z.string().optional(),
    readyTimeoutMs: z.number().positive().default(30_000),
    stopTimeoutMs: z.number().positive().default(5_000),
    metricsPath: z.string().optional(),
  }),
  z.strictObject({
    kind: z.literal('container'),
    image: z.string().min(1),
    env: z.record(z.string(), z.string()).default({}),
    /** The port the backend listens on inside the container (host networking: the same port on 127.0.0.1). */
    port: z.number().int().positive().optional(),
    wsPath: z.string().default('/ws'),
    readyLog: z.string().optional(),
    readyPath: z.string().optional(),
    readyTimeoutMs: z.number().positive().default(60_000),
    dependencies: z
      .array(
        z.strictObject({
          name: z.string(),
          image: z.string(),
          env: z.record(z.string(), z.string()).default({}),
          /** The port it listens on (host networking); a free one is assigned (env PORT) when absent. */
          port: z.number().int().positive().optional(),
          readyLog: z.string().optional(),
          /** Env variable handed to the backend with this dependency's URL, e.g. REDIS_URL. */
          exposeAs: z.string().optional(),
          /** That URL; `$PORT` is replaced. Default redis://, postgres:// or tcp://127.0.0.1:$PORT by the image name. */
          url: z.string().optional(),
        }),
      )
      .default([]),
    metricsPath: z.string().optional(),
  }),
]);
export type TargetConfig = z.infer<typeof TargetConfig>;
