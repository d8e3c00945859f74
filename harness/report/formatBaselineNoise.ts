import type { Baseline } from '../../contracts/Baseline.ts';
import { formatMs } from './formatMs.ts';

/**
 * What a baseline learned about noise, one line per scenario: runs, shapes and their largest share spread,
 * finding codes with their count spread, and the spread of engine-creation p50/p95 between passes.
 */
export function formatBaselineNoise(baseline: Baseline): string {
  const lines = [
    `baseline${baseline.name ? ` "${baseline.name}"` : ''}: ${baseline.passes} pass${baseline.passes === 1 ? '' : 'es'}, ${baseline.scenarios.length} scenarios, contract ${baseline.contractVersion}`,
  ];
  for (const s of baseline.scenarios) {
    const shapes = Object.entries(s.shapes);
    const skeletons = Object.entries(s.skeletons);
    const shapeNoise = Math.max(0, ...skeletons.map(([, v]) => v.share.noise));
    const codes = Object.entries(s.findingsByCode).map(([code, stat]) => `${code} ${stat.min}–${stat.max}`);
    const ec = s.latency.engine_creation;
    const latency = ec
      ? `engine creation p50 ${formatMs(ec.p50.mean)} ± ${formatMs(ec.p50.noise)} ms, p95 ${formatMs(ec.p95.mean)} ± ${formatMs(ec.p95.noise)} ms`
      : 'no engine-creation latency';
    lines.push(
      `  ${s.key}: ${s.runs.values.join('/')} runs, ${shapes.length} shape${shapes.length === 1 ? '' : 's'} in ${skeletons.length} skeleton${skeletons.length === 1 ? '' : 's'} (${skeletons.map(([k]) => `"${k}"`).join(', ')}; share noise ${(shapeNoise * 100).toFixed(1)}%), findings ${codes.length > 0 ? codes.join(', ') : 'none'}, ${latency}`,
    );
  }
  for (const w of baseline.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
