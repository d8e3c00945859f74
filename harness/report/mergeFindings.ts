import type { Finding } from '../../contracts/index.ts';

/** Identical findings (same code and message) as one entry with their count, in order of first appearance. */
export function mergeFindings(findings: readonly Finding[]): { finding: Finding; count: number }[] {
  const merged = new Map<string, { finding: Finding; count: number }>();
  for (const finding of findings) {
    const key = `${finding.code}\u0000${finding.message}`;
    const entry = merged.get(key);
    if (entry === undefined) merged.set(key, { finding, count: 1 });
    else entry.count++;
  }
  return [...merged.values()];
}
