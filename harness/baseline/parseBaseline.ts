import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../common/GoldpathError.ts';
import { BASELINE_FORMAT, BASELINE_VERSION, Baseline } from '../../contracts/Baseline.ts';

/**
 * Validates a parsed baseline file. A file of another format, or of another version, is a UsageError that says what to do.
 * @example const baseline = parseBaseline(JSON.parse(text), 'baselines/pre-migration.json')
 */
export function parseBaseline(input: unknown, source = 'baseline'): Baseline {
  const head = (input ?? {}) as { format?: unknown; version?: unknown };
  if (typeof input !== 'object' || input === null || head.format !== BASELINE_FORMAT) {
    const found = typeof head.format === 'string' ? `a "${head.format}" file` : 'no "format" field';
    throw new UsageError(
      'GOLDPATH_BASELINE_NOT_A_BASELINE',
      `${source} is not a goldpath baseline: expected format "${BASELINE_FORMAT}", found ${found}. Record one with \`goldpath baseline --out ${source}\`.`,
    );
  }
  if (head.version !== BASELINE_VERSION) {
    throw new UsageError(
      'GOLDPATH_BASELINE_VERSION',
      `${source} is baseline version ${String(head.version)}, this goldpath reads version ${BASELINE_VERSION}. Record it again with \`goldpath baseline --out ${source}\`.`,
    );
  }
  const result = Baseline.safeParse(input);
  if (!result.success) {
    throw new UsageError(
      'GOLDPATH_BASELINE_INVALID',
      `${source} is a damaged baseline:\n${z.prettifyError(result.error)}\nRecord it again with \`goldpath baseline --out ${source}\`.`,
    );
  }
  return result.data;
}

/** Reads and validates a baseline file. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      'GOLDPATH_BASELINE_NOT_FOUND',
      `baseline ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Record one with \`goldpath baseline --out ${file}\`.`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError('GOLDPATH_BASELINE_NOT_JSON', `baseline ${file} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseBaseline(json, file);
}
