import { z } from 'zod';
import type { TicketStore } from './TicketStore.ts';
import type { ReferenceLogger } from './ReferenceLogger.ts';

export const FACTORY_PATHS = ['canonical', 'compat', 'unified', 'mixed'] as const;
export type FactoryPath = (typeof FACTORY_PATHS)[number];
/** `pipeline`: a Supervisor (bridge shape) runs sub-agents (emitter shape) under one run_id, as the real backend does; `single`: one agent per run. */
export const AGENT_SHAPES = ['pipeline', 'single'] as const;
export type AgentShape = (typeof AGENT_SHAPES)[number];

const positiveInt = z.number().int().positive();

const isTicketStore = (value: unknown): value is TicketStore =>
  typeof value === 'object' &&
  value !== null &&
  ['save', 'redeem', 'clear'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

const isLogger = (value: unknown): value is ReferenceLogger =>
  typeof value === 'object' &&
  value !== null &&
  ['info', 'warn', 'error'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/** Options of startReferenceBackend; an unknown key is an error that names it. */
export const ReferenceBackendOptions = z.strictObject({
  /** 0 picks a free port. */
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  /** HS256 signing secret; a random one is generated when absent. */
  secret: z.string().min(1).optional(),
  factoryPath: z.enum(FACTORY_PATHS).default('canonical'),
  agentShape: z.enum(AGENT_SHAPES).default('pipeline'),
  /** `name`, `name@p`, `slow-factory:<ms>`; a list or one comma-separated string. */
  defects: z.union([z.array(z.string()), z.string()]).default([]),
  seed: z.number().int().default(1),
  /** Pause between consecutive events of a run; 0 sends them back to back. */
  latencyMs: z.number().min(0).max(60_000).default(3),
  maxEnginesPerUser: positiveInt.default(2),
  engineTimeoutMs: positiveInt.default(300_000),
  cleanupIntervalMs: positiveInt.default(60_000),
  agentTimeoutMs: positiveInt.default(25_000),
  heartbeatMs: positiveInt.default(25_000),
  maxConnectionsPerUser: positiveInt.default(10),
  /** Which UserExecutionContext rules apply: `test_` user ids are accepted only in "test". */
  environment: z.enum(['test', 'development', 'staging', 'production']).default('test'),
  ticketStore: z.custom<TicketStore>(isTicketStore, 'expected a TicketStore (save, redeem, clear)').optional(),
  logger: z.custom<ReferenceLogger>(isLogger, 'expected a logger with info, warn and error').optional(),
});

export type ReferenceBackendOptions = z.input<typeof ReferenceBackendOptions>;

const start = ReferenceBackendOptions.shape;
/** What a per-test reset may change without restarting the server; what it does not name stays as it is (no defaults). */
export const ReferenceResetOptions = z.strictObject({
  factoryPath: start.factoryPath.unwrap().optional(),
  agentShape: start.agentShape.unwrap().optional(),
  defects: start.defects.unwrap().optional(),
  seed: start.seed.unwrap().optional(),
  latencyMs: start.latencyMs.unwrap().optional(),
});
export type ReferenceResetOptions = z.input<typeof ReferenceResetOptions>;
export type ResolvedReferenceBackendOptions = z.output<typeof ReferenceBackendOptions>;

export class ReferenceOptionsError extends Error {
  readonly code = 'REFERENCE_OPTIONS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceOptionsError';
  }
}

export function resolveReferenceBackendOptions(options: unknown): ResolvedReferenceBackendOptions {
  const parsed = ReferenceBackendOptions.safeParse(options ?? {});
  if (!parsed.success) {
    throw new ReferenceOptionsError(`Invalid reference backend options:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function resolveReferenceResetOptions(options: unknown): z.output<typeof ReferenceResetOptions> {
  const parsed = ReferenceResetOptions.safeParse(options ?? {});
  if (!parsed.success) {
    throw new ReferenceOptionsError(`Invalid reset options:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
