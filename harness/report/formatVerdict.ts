import type { Reason, Verdict } from '../../contracts/Verdict.ts';

/**
 * The verdict for a terminal: a banner line, then each reason numbered `[i/N]` the way vitest numbers failures.
 * @example log(formatVerdict(verdict))
 */
export function formatVerdict(verdict: Verdict): string {
  const step = verdict.step ? ` (step ${verdict.step})` : '';
  const lines = [
    `verdict ${verdict.status}${step}: ${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'}, ${verdict.improvements.length} improvement${verdict.improvements.length === 1 ? '' : 's'}`,
  ];
  verdict.reasons.forEach((r, i) => lines.push(...formatReason(r, `[${i + 1}/${verdict.reasons.length}]`)));
  if (verdict.improvements.length > 0) {
    lines.push('improvements:');
    verdict.improvements.forEach((r) => lines.push(`  + ${r.message}`));
  }
  for (const note of verdict.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function formatReason(r: Reason, label: string): string[] {
  return [`  ${label} ${r.kind}: ${r.message}`, ...(r.examples ?? []).map((e) => `        e.g. ${e}`)];
}
