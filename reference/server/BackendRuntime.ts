import { randomBytes } from 'node:crypto';
import {
  EngineLimitExceededError,
  FactoryShutDownError,
  RunIdReusedError,
} from '../agents/supervisor/factoryErrors.ts';
import type { FactoryMetrics } from '../agents/supervisor/FactoryMetrics.ts';
import type { AgentRunOutcome, UserExecutionEngine } from '../agents/supervisor/UserExecutionEngine.ts';
import { ContextValidationError } from '../context/contextErrors.ts';
import { generateRequestId, generateRunId, generateThreadId } from '../context/generateIds.ts';
import { UserExecutionContext } from '../context/UserExecutionContext.ts';
import { DefectPlan } from '../defects/DefectPlan.ts';
import type { DefectSpec } from '../defects/parseDefects.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import { AgentWebSocketBridge } from '../websocket/AgentWebSocketBridge.ts';
import type { ClientConnection } from '../websocket/ClientConnection.ts';
import { MessageRouter, type AgentRequest } from '../websocket/MessageRouter.ts';
import { ThreadRegistry } from '../websocket/ThreadRegistry.ts';
import { WebSocketConnectionManager } from '../websocket/WebSocketConnectionManager.ts';
import { errorMessageFrame, type ErrorCode } from './errorMessageFrame.ts';
import type { AgentShape, FactoryPath, ResolvedReferenceBackendOptions } from './ReferenceBackendOptions.ts';
import type { ReferenceLogger } from './ReferenceLogger.ts';
import { resolveFactoryPaths, type FactoryPaths } from './resolveFactoryPaths.ts';

/** What `metrics()` of a started backend returns: the factory's metrics plus the server's own counters. */
export interface ReferenceBackendMetrics {
  factory: FactoryMetrics;
  factory_path: FactoryPath;
  agent_shape: AgentShape;
  defects: string[];
  seed: number;
  connections_open: number;
  users_connected: number;
  connections_accepted: number;
  connections_rejected: number;
  frames_received: number;
  frames_sent: number;
  runs_started: number;
  runs_completed: number;
  runs_failed: number;
  runs_rejected: number;
  error_messages: Record<string, number>;
}

/** Settings a per-test reset may change without restarting the server. */
export interface RuntimeSettings {
  factoryPath: FactoryPath;
  agentShape: AgentShape;
  defects: readonly DefectSpec[];
  seed: number;
  latencyMs: number;
}

type ServerCounters = Omit<
  ReferenceBackendMetrics,
  | 'factory'
  | 'factory_path'
  | 'agent_shape'
  | 'defects'
  | 'seed'
  | 'connections_open'
  | 'users_connected'
  | 'frames_sent'
>;

/** The state shared by every socket of one backend: connections, threads, router, factories, defects. */
export class BackendRuntime {
  readonly connections = new WebSocketConnectionManager();
  readonly threads = new ThreadRegistry();
  readonly router = new MessageRouter();
  readonly bridge: AgentWebSocketBridge;
  readonly logger: ReferenceLogger;
  counters: ServerCounters = zeroCounters();
  settings: RuntimeSettings;
  factories: FactoryPaths;
  defectPlan: DefectPlan;
  private sequence = 0;

  constructor(
    readonly options: ResolvedReferenceBackendOptions,
    settings: RuntimeSettings,
    logger: ReferenceLogger,
  ) {
    this.logger = logger;
    this.bridge = new AgentWebSocketBridge(this.connections, logger);
    this.settings = settings;
    this.factories = this.buildFactories(settings);
    this.defectPlan = new DefectPlan(settings.defects, settings.seed);
  }

  /** Rebuilds factories and defect draws with new settings and zeroes every counter (sockets are closed by the caller). */
  reconfigure(settings: RuntimeSettings): void {
    this.factories.lifecycle.shutdown();
    this.settings = settings;
    this.factories = this.buildFactories(settings);
    this.defectPlan = new DefectPlan(settings.defects, settings.seed);
    this.threads.clear();
    this.router.clear();
    this.counters = zeroCounters();
  }

  newConnectionId(): string {
    return `main_${randomBytes(6).toString('hex')}`;
  }

  newThreadId(operation: string): string {
    return generateThreadId(operation, ++this.sequence);
  }

  /** The pipeline shape sends `recovery_suggestions: null`, as the real backend does; the single shape sends the suggestions. */
  sendError(
    connection: ClientConnection,
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    suggestions: readonly string[] = [],
  ): void {
    this.counters.error_messages[code] = (this.counters.error_messages[code] ?? 0) + 1;
    connection.send(
      errorMessageFrame(code, message, details, this.settings.agentShape === 'pipeline' ? null : suggestions),
    );
  }

  /**
   * The handler a connection registers with the router: runs `request` as `connection`'s user, on its sockets.
   * `socketId` is the socket the run's context holds (the sender's, unless the router's socket was overwritten).
   */
  runAgentRequest(
    connection: ClientConnection,
    request: AgentRequest,
    faults: RunFaults,
    socketId: string = connection.id,
  ): void {
    const operation = request.kind === 'start_agent' ? 'agent' : 'message';
    let context: UserExecutionContext;
    try {
      context = UserExecutionContext.create({
        userId: connection.userId,
        threadId: request.threadId,
        runId: generateRunId(operation, ++this.sequence),
        requestId: generateRequestId(operation, this.sequence),
        websocketClientId: socketId,
        agentContext: { user_request: request.text, source: request.source, message_type: request.kind },
        auditMetadata: { connection_id: connection.id },
        environment: this.options.environment,
      });
    } catch (error) {
      if (!(error instanceof ContextValidationError)) throw error;
      this.counters.runs_rejected++;
      this.sendError(
        connection,
        'INVALID_USER_CONTEXT',
        error.message,
        { validation_code: error.code, field: error.field },
        ['Authenticate with a token whose sub is a real user id.'],
      );
      return;
    }
    const factory = request.kind === 'start_agent' ? this.factories.startAgent : this.factories.userMessage;
    const run = (engine: UserExecutionEngine): Promise<AgentRunOutcome> => {
      this.counters.runs_started++;
      return engine.executeAgent();
    };
    factory.userExecutionScope(context, run, faults).then(
      (outcome) => {
        if (outcome.status === 'completed') this.counters.runs_completed++;
        else this.counters.runs_failed++;
      },
      (error: unknown) => this.reportRunRejected(connection, context, error),
    );
  }

  metrics(): ReferenceBackendMetrics {
    return {
      factory: this.factories.lifecycle.getFactoryMetrics(),
      factory_path: this.settings.factoryPath,
      agent_shape: this.settings.agentShape,
      defects: this.settings.defects.map(formatDefect),
      seed: this.settings.seed,
      connections_open: this.connections.connectionCount,
      users_connected: this.connections.userCount,
      frames_sent: this.connections.framesSent,
      ...this.counters,
      error_messages: { ...this.counters.error_messages },
    };
  }

  private reportRunRejected(connection: ClientConnection, context: UserExecutionContext, error: unknown): void {
    this.counters.runs_rejected++;
    if (error instanceof EngineLimitExceededError) {
      this.sendError(
        connection,
        'ENGINE_LIMIT_EXCEEDED',
        error.message,
        {
          user_id: error.userId,
          active_engines: error.activeEngines,
          max_engines_per_user: error.maxEnginesPerUser,
          thread_id: context.threadId,
        },
        ['Wait for agent_completed of a running request, then send again.'],
      );
    } else if (error instanceof FactoryShutDownError) {
      this.sendError(connection, 'INTERNAL_ERROR', error.message, { reason: error.code }, [
        'Reconnect once the backend is back.',
      ]);
    } else if (error instanceof RunIdReusedError) {
      this.sendError(connection, 'INTERNAL_ERROR', error.message, { reason: error.code }, ['Send the request again.']);
    } else {
      this.logger.error(`run for user ${context.userId} failed to start: ${(error as Error).stack ?? String(error)}`);
      this.sendError(connection, 'INTERNAL_ERROR', `The agent could not be started: ${(error as Error).message}`, {}, [
        'Send the request again.',
      ]);
    }
  }

  private buildFactories(settings: RuntimeSettings): FactoryPaths {
    const options = this.options;
    return resolveFactoryPaths(settings.factoryPath, {
      websocketBridge: this.bridge,
      maxEnginesPerUser: options.maxEnginesPerUser,
      engineTimeoutMs: options.engineTimeoutMs,
      cleanupIntervalMs: options.cleanupIntervalMs,
      agentTimeoutMs: options.agentTimeoutMs,
      seed: settings.seed,
      latencyMs: settings.latencyMs,
      agentShape: settings.agentShape,
      logger: this.logger,
    });
  }
}

export function formatDefect(spec: DefectSpec): string {
  const parameter = spec.name === 'slow-factory' && spec.parameter !== undefined ? `:${spec.parameter}` : '';
  return `${spec.name}${parameter}${spec.probability < 1 ? `@${spec.probability}` : ''}`;
}

function zeroCounters(): ServerCounters {
  return {
    connections_accepted: 0,
    connections_rejected: 0,
    frames_received: 0,
    runs_started: 0,
    runs_completed: 0,
    runs_failed: 0,
    runs_rejected: 0,
    error_messages: {},
  };
}
