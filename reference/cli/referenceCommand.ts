import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFECT_CATALOG } from '../defects/defectCatalog.ts';
import { DefectSpecError } from '../defects/parseDefects.ts';
import {
  AGENT_SHAPES,
  FACTORY_PATHS,
  ReferenceOptionsError,
  type AgentShape,
  type FactoryPath,
} from '../server/ReferenceBackendOptions.ts';
import { startReferenceBackend } from '../startReferenceBackend.ts';

export interface ReferenceCommandOptions {
  port: number;
  host: string;
  secret?: string;
  factoryPath: FactoryPath;
  agentShape: AgentShape;
  defects?: string;
  seed: number;
  latencyMs: number;
  listDefects?: boolean;
}

/** Where the command writes and what stops it; tests replace both. */
export interface ReferenceCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves with the signal's name when the server should stop. */
  untilStopSignal(): Promise<string>;
}

export const processIo: ReferenceCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  untilStopSignal: () =>
    new Promise((resolve) => {
      const stop = (signal: string): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
};

const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };

/**
 * Adds `goldpath reference`: starts the reference backend and keeps it up until SIGINT/SIGTERM.
 * @example registerReferenceCommand(program); // goldpath reference --port 8000 --defects drop-thinking@0.1
 */
export function registerReferenceCommand(program: Command, io: ReferenceCommandIo = processIo): Command {
  return program
    .command('reference')
    .description(
      'Run the reference backend: a TypeScript model of the execution-engine factory speaking the real wire protocol.',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65535), 8000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--secret <secret>', 'HS256 secret for test tokens (generated when absent)')
    .addOption(
      new Option('--factory-path <path>', 'import path the server reaches the factory by')
        .choices(FACTORY_PATHS)
        .default('canonical'),
    )
    .addOption(
      new Option(
        '--agent-shape <shape>',
        'pipeline: a Supervisor runs sub-agents under one run_id, as the real backend; single: one agent per run',
      )
        .choices(AGENT_SHAPES)
        .default('pipeline'),
    )
    .option('--defects <list>', 'comma-separated defects: name, name@p (0<p<=1), slow-factory:<ms>')
    .option(
      '--seed <n>',
      'seed of the deterministic agent and of intermittent defects',
      integer('--seed', -(2 ** 31), 2 ** 31 - 1),
      1,
    )
    .option('--latency-ms <n>', 'pause between consecutive events of a run', integer('--latency-ms', 0, 60_000), 3)
    .option('--list-defects', 'print the defect catalog and exit')
    .action(async (options: ReferenceCommandOptions) => {
      process.exitCode = await runReferenceCommand(options, io);
    });
}

/** Runs the backend until a stop signal; returns the exit code (0 clean stop, 2 bad options, 3 could not listen). */
export async function runReferenceCommand(
  options: ReferenceCommandOptions,
  io: ReferenceCommandIo = processIo,
): Promise<number> {
  if (options.listDefects) {
    const width = Math.max(...DEFECT_CATALOG.map((defect) => defect.name.length));
    for (const defect of DEFECT_CATALOG) io.out(`${defect.name.padEnd(width)}  ${defect.description}`);
    return 0;
  }
  let backend;
  try {
    backend = await startReferenceBackend({
      port: options.port,
      host: options.host,
      factoryPath: options.factoryPath,
      agentShape: options.agentShape,
      defects: options.defects ?? [],
      seed: options.seed,
      latencyMs: options.latencyMs,
      ...(options.secret === undefined ? {} : { secret: options.secret }),
      logger: {
        info: () => {},
        warn: (m) => io.err(`goldpath reference: ${m}`),
        error: (m) => io.err(`goldpath reference: ${m}`),
      },
    });
  } catch (error) {
    if (error instanceof ReferenceOptionsError || error instanceof DefectSpecError) {
      io.err(`goldpath reference: ${error.message} [${error.code}]`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      `goldpath reference: could not listen on ${options.host}:${options.port}: ${(error as Error).message}` +
        (code === 'EADDRINUSE' ? ' (the port is taken: pick another with --port, or --port 0 for a free one)' : ''),
    );
    return 3;
  }
  io.out(`goldpath reference listening on ${backend.httpUrl}`);
  io.out(`  websocket:      ${backend.wsUrl} (also /api/v1/websocket)`);
  io.out(
    `  factory path:   ${options.factoryPath}; agent shape: ${options.agentShape}; defects: ${options.defects || 'none'}; seed ${options.seed}; latency ${options.latencyMs} ms`,
  );
  io.out(`  signing secret: ${backend.secret}`);
  io.out(`  example token:  npx tsx reference/cli/signToken.ts --secret '${backend.secret}' --user user-0001`);
  io.out('  stop with Ctrl+C (SIGINT) or SIGTERM');
  const signal = await io.untilStopSignal();
  await backend.stop();
  io.out(`goldpath reference stopped (${signal})`);
  return 0;
}
