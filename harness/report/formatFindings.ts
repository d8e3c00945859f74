import { boundFinding, type Finding } from '../../contracts/index.ts';
import { splitFollowOns } from './followOnFindings.ts';
import { mergeFindings } from './mergeFindings.ts';

/** Distinct findings printed per code by default; the rest are counted (summary.json and the history keep them). */
export const MAX_PRINTED_PER_CODE = 10;

export interface FormatFindingsOptions {
  /** ANSI colours (default off: files and CI logs stay plain). */
  color?: boolean;
  /** Named in the banner. */
  scenario?: string;
  /** Distinct findings printed per code (default MAX_PRINTED_PER_CODE); the rest are counted in one line. */
  maxPerCode?: number;
}

const paint = (on: boolean, open: string, text: string): string => (on ? `\u001b[${open}m${text}\u001b[0m` : text);

/** "user u-7 › run r-3 › frame 42", with the parts a finding has. */
function label(finding: Finding): string {
  const parts = [
    finding.scenario !== undefined ? `scenario ${finding.scenario}` : undefined,
    finding.user !== undefined ? `user ${finding.user}` : undefined,
    finding.runId !== undefined ? `run ${finding.runId}` : undefined,
    finding.frameIndex !== undefined ? `frame ${finding.frameIndex}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.join(' › ');
}

/**
 * Findings shown the way vitest shows failures: a banner with the count, identical findings (same code and message)
 * merged as ×N, each numbered [i/N] with its code and a user › run › frame label; follow-ons of a finding that
 * explains them (isolation.shared_identity, security.auth_bypass) are counted on one line, not printed. No findings: "".
 * @example log(formatFindings(result.findings, { color: process.stdout.isTTY }))
 */
export function formatFindings(findings: readonly Finding[], options: FormatFindingsOptions = {}): string {
  if (findings.length === 0) return '';
  const color = options.color ?? false;
  const followOns = splitFollowOns(findings);
  const merged = mergeFindings(followOns.shown);
  const failing = findings.some((f) => f.severity === 'error');
  const noun = findings.length === 1 ? 'finding' : 'findings';
  const where = options.scenario !== undefined ? ` in ${options.scenario}` : '';
  const banner = failing
    ? paint(color, '41;1', ` FAIL  ${findings.length} ${noun}${where} `)
    : paint(color, '43;1', ` WARN  ${findings.length} ${noun}${where} `);
  const limit = options.maxPerCode ?? MAX_PRINTED_PER_CODE;
  const shown: Array<{ finding: Finding; count: number }> = [];
  const hidden = new Map<string, number>();
  const perCode = new Map<string, number>();
  for (const entry of merged) {
    const n = perCode.get(entry.finding.code) ?? 0;
    perCode.set(entry.finding.code, n + 1);
    if (n < limit) shown.push(entry);
    else hidden.set(entry.finding.code, (hidden.get(entry.finding.code) ?? 0) + entry.count);
  }
  const total = merged.length;
  const blocks = shown.map(({ finding: raw, count }, i) => {
    const finding = boundFinding(raw);
    const tag =
      finding.severity === 'error'
        ? paint(color, '31;1', finding.code)
        : paint(color, '33;1', `${finding.code} (${finding.severity})`);
    const times = count > 1 ? ` ×${count}` : '';
    const where = label(finding);
    const head = `${paint(color, '2', `[${i + 1}/${total}]`)} ${tag}${times}${where !== '' ? `  ${paint(color, '36', where)}` : ''}`;
    return `${head}\n  ${finding.message}`;
  });
  for (const [code, n] of hidden) {
    blocks.push(
      paint(
        color,
        '2',
        `… and ${n} more ${code} finding${n === 1 ? '' : 's'} not printed (summary.json keeps them up to its cap; the history keeps every frame)`,
      ),
    );
  }
  for (const h of followOns.hidden) blocks.push(`${h.code} ×${h.count} not shown: they follow from ${h.explainedBy}`);
  return `${banner}\n\n${blocks.join('\n\n')}\n`;
}
