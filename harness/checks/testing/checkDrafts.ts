import type { Expectations, Finding } from '../../../contracts/index.ts';
import { checkHistory } from '../checkHistory.ts';
import type { CheckOptions, CheckResult } from '../CheckOptions.ts';
import { buildHistory, type Draft } from './historyBuilder.ts';

/** Lays drafts out and runs every check over them. */
export async function checkDrafts(
  drafts: readonly Draft[],
  options: CheckOptions & { expectations?: Expectations } = {},
): Promise<CheckResult> {
  const { header, records } = buildHistory(
    drafts,
    options.expectations !== undefined ? { expectations: options.expectations } : {},
  );
  return checkHistory(header, records, options);
}

/** Just the codes, in frame order. */
export function codes(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.code);
}
