import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { connectFailureOf } from '../../client/classifyConnectError.ts';
import { InfrastructureError } from '../../common/GoldpathError.ts';
import { redactTokens } from '../../targets/redactTokens.ts';
import { raised } from '../fixtures/raised.ts';
import { judgeSuiteStop } from './judgeSuiteStop.ts';

/** Written once per run, by the first scenario that finds the target cannot be tested; every later scenario skips. */
export const SuiteStop = z.object({
  code: z.string(),
  /** The one line that explains it (tokens redacted). */
  line: z.string(),
  scenario: z.string(),
  at: z.string(),
});
export type SuiteStop = z.infer<typeof SuiteStop>;

const STOP_FILE = 'suite-stop.json';
const WELCOMED_FILE = '.suite-welcomed';
const HEALTH_TIMEOUT_MS = 2000;

/** The run's stop, if a scenario recorded one. */
export function readSuiteStop(outDir: string): SuiteStop | undefined {
  try {
    return SuiteStop.parse(JSON.parse(readFileSync(join(outDir, STOP_FILE), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Records the stop unless another scenario was first; returns the stop that holds. */
export function recordSuiteStop(outDir: string, stop: Omit<SuiteStop, 'at'>): SuiteStop {
  const record: SuiteStop = {
    ...stop,
    line: redactTokens(stop.line).replace(/\s*\n\s*/g, ' '),
    at: new Date().toISOString(),
  };
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, STOP_FILE), `${JSON.stringify(record)}\n`, { flag: 'wx' });
    return record;
  } catch {
    return readSuiteStop(outDir) ?? record;
  }
}

/** The error a scenario fails with when it hits the stop: the one line, an infrastructure error. */
export function suiteStopError(stop: SuiteStop): InfrastructureError {
  return raised(new InfrastructureError(stop.code, stop.line)) as InfrastructureError;
}

export interface SuiteStopGateOptions {
  outDir: string;
  /** describeCredentials(…) of the run. */
  credentials: string;
}

/** Where the failed attempt went. */
export interface ConnectAttempt {
  scenario: string;
  wsUrl: string;
  /** GET here tells an unanswered upgrade from a dead process. */
  healthUrl?: string;
}

/**
 * Stops the whole run once when the target cannot be tested: unreachable, refusing every connection of the first
 * scenario (auth, close, no welcome), or never answering the upgrade; and when it dies mid-run. Shared by the
 * workers through two files in the run's report directory.
 */
export class SuiteStopGate {
  private welcomed = false;
  /** This test is the one that met the stop (its history is evidence, not findings). */
  hit = false;

  constructor(private readonly options: SuiteStopGateOptions) {}

  stopped(): SuiteStop | undefined {
    return readSuiteStop(this.options.outDir);
  }

  /** Some user of this run was welcomed: from now on only a dead target stops the run. */
  noteWelcomed(): void {
    if (this.welcomed) return;
    this.welcomed = true;
    try {
      if (!existsSync(join(this.options.outDir, WELCOMED_FILE)))
        writeFileSync(join(this.options.outDir, WELCOMED_FILE), '');
    } catch {
      // the report directory is gone: nothing to share
    }
  }

  private welcomedBefore(): boolean {
    return this.welcomed || existsSync(join(this.options.outDir, WELCOMED_FILE));
  }

  /**
   * Every user of one connect attempt failed: the error to fail the scenario with when the run must stop
   * (recorded for the other scenarios), else undefined (the failures are the backend's, reported as findings).
   */
  async judge(failures: readonly unknown[], attempt: ConnectAttempt): Promise<InfrastructureError | undefined> {
    const known = failures.map(connectFailureOf);
    const classified = known.filter((k) => k !== undefined);
    const upgradeUnanswered = classified.some((k) => k.kind === 'upgrade_unanswered');
    const verdict = judgeSuiteStop({
      failures: classified,
      unclassified: known.length - classified.length,
      welcomedBefore: this.welcomedBefore(),
      scenario: attempt.scenario,
      wsUrl: attempt.wsUrl,
      credentials: this.options.credentials,
      ...(upgradeUnanswered && attempt.healthUrl !== undefined && { health: await describeHealth(attempt.healthUrl) }),
    });
    if (verdict === undefined) return undefined;
    this.hit = true;
    return suiteStopError(recordSuiteStop(this.options.outDir, { ...verdict, scenario: attempt.scenario }));
  }
}

async function describeHealth(url: string): Promise<string> {
  const path = new URL(url).pathname;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await response.body?.cancel();
    return `GET ${path} answered ${response.status}`;
  } catch {
    return `GET ${path} did not answer within ${HEALTH_TIMEOUT_MS} ms either`;
  }
}
