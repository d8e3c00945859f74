import { BASELINE_LATENCY } from './defectExpectations.ts';
import type { DefectRow, SelftestMatrix } from '../../contracts/SelftestMatrix.ts';

const GROUPS = ['contract', 'order', 'completeness', 'isolation', 'latency', 'resources', 'infra'] as const;

/**
 * The detection matrix as Markdown: defect × check group (codes and counts), detected or not and why, time to the
 * first evidence; then the clean repetitions, the intermittent variants and the leak arithmetic.
 * @example log(formatMatrix(matrix))
 */
export function formatMatrix(matrix: SelftestMatrix): string {
  const detected = matrix.defects.filter((r) => r.status === 'detected').length;
  const lines = [
    `Self-test of ${matrix.createdAt.slice(0, 19).replace('T', ' ')} UTC: ${detected}/${matrix.defects.length} defects detected${matrix.clean ? `, clean backend ${matrix.clean.status === 'clean' ? 'clean' : 'NOT clean'} over ${matrix.clean.repeatEach} repetitions` : ''} — ${matrix.passed ? 'PASS' : 'FAIL'}.`,
    `Each defect alone, on the scenarios that provoke it; runs a defect starves are awaited ${matrix.runDeadlineMs} ms.`,
    '',
    `| defect | detected | ${GROUPS.join(' | ')} | first evidence | run |`,
    `|---|---|${GROUPS.map(() => '---').join('|')}|---|---|`,
    ...matrix.defects.map(row),
  ];
  const notes = matrix.defects.filter((r) => r.status !== 'detected' || r.latency);
  if (notes.length > 0) {
    lines.push('');
    for (const r of notes) {
      if (r.latency) {
        const { clean, defective } = r.latency;
        lines.push(
          `- **${r.spec}**: engine_creation p50 ${ms(clean.p50)} → ${ms(defective.p50)} (×${r.latency.p50Ratio}), p95 ${ms(clean.p95)} → ${ms(defective.p95)} (×${r.latency.p95Ratio}), ${defective.count} runs${r.latency.reasons.length > 0 ? `; baseline: ${r.latency.reasons[0]}` : '; no latency regression against the baseline'}`,
        );
      }
      if (r.status !== 'detected')
        lines.push(
          `- **${r.spec}** ${r.status.replace('_', ' ')}: expected ${r.expected.join(' or ')} on "${r.scenario}": ${r.note ?? ''}`,
        );
    }
  }
  if (matrix.clean) {
    const c = matrix.clean;
    lines.push(
      '',
      `**Clean backend**: ${c.scenarios} scenarios (${c.repeatEach} repetitions of ${c.scenario ?? 'every scenario'}${c.project ? `, project ${c.project.join(', ')}` : ''}), ${c.runs} runs: ${c.findings} findings, ${c.failed} failed — ${c.status === 'clean' ? `no false positives, no flakiness${c.findings > 0 ? ` (warnings only: ${codesOf(c.findingsByCode)})` : ''}` : codesOf(c.findingsByCode)} (${seconds(c.durationMs)}).`,
    );
  }
  if (matrix.intermittent.length > 0) {
    lines.push(
      '',
      '| intermittent defect | passes detected | struck runs seen | runs per pass | 99 % needs |',
      '|---|---|---|---|---|',
    );
    for (const m of matrix.intermittent) {
      const passes = m.leak.passes ?? null;
      const needs =
        m.leak.runs === null
          ? 'never (no strike seen)'
          : `${m.leak.runs} runs${passes !== null ? ` = ${passes} pass${passes === 1 ? '' : 'es'}` : ''}`;
      lines.push(
        `| \`${m.spec}\` | ${m.detectedPasses}/${m.passes} | ${m.detectedRuns}/${m.struckRuns} (q = ${m.leak.detectionPerStrike}) | ${m.runsPerPass} | ${needs} |`,
      );
    }
  }
  const ideal = matrix.leak;
  {
    lines.push(
      '',
      `A 1-in-${Math.round(1 / ideal.probability)} leak is caught with ${Math.round(ideal.confidence * 100)} % probability after n ≥ ln(${round3(1 - ideal.confidence)}) / ln(${round3(1 - ideal.probability)}) = ${ideal.runs} runs when every struck run is seen (${ideal.users} users × 3 runs of the concurrent-users scenario); with a fraction q of strikes seen, n ≥ ln(${round3(1 - ideal.confidence)}) / ln(1 − ${ideal.probability}·q).`,
    );
  }
  return lines.join('\n');
}

function row(r: DefectRow): string {
  const cells = GROUPS.map((g) => {
    const codes = Object.entries(r.byGroup[g] ?? {}).map(([code, n]) => {
      const short = code.slice(g.length + 1);
      return r.expected.includes(code) || r.expected.includes(`${g}.*`) ? `**${short}** ×${n}` : `${short} ×${n}`;
    });
    if (g === 'latency' && r.matched[BASELINE_LATENCY]) codes.push(`**baseline** ×${r.matched[BASELINE_LATENCY]}`);
    return codes.join(', ') || '·';
  });
  const status = r.status === 'detected' ? 'yes' : `**NO** (${r.status.replace('_', ' ')})`;
  return `| \`${r.spec}\` | ${status} | ${cells.join(' | ')} | ${r.firstEvidenceMs !== undefined ? seconds(r.firstEvidenceMs) : '-'} | ${seconds(r.runMs)} |`;
}

function ms(n: number): string {
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
}
function seconds(n: number): string {
  return `${(n / 1000).toFixed(1)} s`;
}
function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function codesOf(byCode: Record<string, number>): string {
  return Object.entries(byCode)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}
