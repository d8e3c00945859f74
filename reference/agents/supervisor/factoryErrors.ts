/** Errors of the execution-engine factory; `code` is stable. */
export abstract class ExecutionEngineFactoryError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class EngineLimitExceededError extends ExecutionEngineFactoryError {
  readonly code = 'ENGINE_LIMIT_EXCEEDED';
  constructor(
    readonly userId: string,
    readonly activeEngines: number,
    readonly maxEnginesPerUser: number,
  ) {
    super(
      `User ${userId} already has ${activeEngines} active execution engines (limit ${maxEnginesPerUser}). ` +
        `Wait for a run to finish before starting another, or raise maxEnginesPerUser.`,
    );
  }
}

export class RunIdReusedError extends ExecutionEngineFactoryError {
  readonly code = 'RUN_ID_REUSED';
  constructor(
    readonly userId: string,
    readonly runId: string,
  ) {
    super(
      `User isolation: run_id ${runId} is already in use by an active engine of user ${userId}. ` +
        `Every request needs a fresh run_id; let the server generate it.`,
    );
  }
}

export class FactoryShutDownError extends ExecutionEngineFactoryError {
  readonly code = 'FACTORY_SHUT_DOWN';
  constructor() {
    super(
      'The execution-engine factory has been shut down: create a new factory (configureExecutionEngineFactory) to run agents.',
    );
  }
}

export class AgentTimeoutError extends ExecutionEngineFactoryError {
  readonly code = 'AGENT_TIMEOUT';
  constructor(
    readonly agentName: string,
    readonly timeoutMs: number,
  ) {
    super(`Agent ${agentName} did not finish within ${timeoutMs} ms; it was stopped.`);
  }
}
