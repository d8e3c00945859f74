import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError } from '../common/GoldpathError.ts';
import { MigrationPlan } from '../../contracts/MigrationPlan.ts';

/** Validates a plan; a wrong key or value is a UsageError that names it. */
export function parseMigrationPlan(input: unknown, source = 'plan'): MigrationPlan {
  const result = MigrationPlan.safeParse(input);
  if (!result.success)
    throw new UsageError(
      'GOLDPATH_PLAN_INVALID',
      `invalid migration plan ${source}:\n${z.prettifyError(result.error)}\nSee plans/seed-migration.json for the format.`,
    );
  return result.data;
}

/** Reads and validates a plan file. */
export async function readMigrationPlan(file: string): Promise<MigrationPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      'GOLDPATH_PLAN_NOT_FOUND',
      `migration plan ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check --plan; plans/ has examples.`,
      { cause: error },
    );
  }
  try {
    return parseMigrationPlan(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new UsageError('GOLDPATH_PLAN_NOT_JSON', `migration plan ${file} is not JSON: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}
