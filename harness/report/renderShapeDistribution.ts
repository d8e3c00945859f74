import type { ScenarioSummary } from '../../contracts/Summary.ts';
import { escapeHtml as h } from './escapeHtml.ts';

export interface ShapeLimits {
  /** Shapes shown open, with share bars. */
  top: number;
  /** Further shapes listed inside the folded <details>. */
  folded: number;
  /** Characters of one shape shown (the full shape is in summary.json). */
  shapeChars: number;
}

/** A scenario's shapes, most runs first. */
export function rankShapes(shapes: Record<string, number>): { shape: string; runs: number; share: number }[] {
  const total = Object.values(shapes).reduce((a, b) => a + b, 0);
  return Object.entries(shapes)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([shape, runs]) => ({ shape, runs, share: total > 0 ? runs / total : 0 }));
}

/** The short form for the scenario table: "3 shapes · top 92%". */
export function shapeSynopsis(shapes: Record<string, number>): string {
  const ranked = rankShapes(shapes);
  if (ranked.length === 0) return '–';
  return `${ranked.length} shape${ranked.length === 1 ? '' : 's'} · top ${percent(ranked[0]?.share ?? 0)}`;
}

/**
 * A scenario's run shapes as a ranked distribution: the top shapes with share bars, the rest folded in a <details>
 * (itself bounded; summary.json has every shape).
 */
export function renderShapeDistribution(scenario: ScenarioSummary, id: string, limits: ShapeLimits): string {
  const ranked = rankShapes(scenario.shapes);
  if (ranked.length === 0) return '';
  const total = ranked.reduce((a, r) => a + r.runs, 0);
  const row = (r: (typeof ranked)[number], rank: number): string => {
    const shown = r.shape.length > limits.shapeChars ? `${r.shape.slice(0, limits.shapeChars)}…` : r.shape;
    return `<tr><td class="num">${rank}</td><td><code>${h(shown)}</code></td><td class="num">${r.runs}</td><td class="share"><span class="bar" style="width:${(r.share * 100).toFixed(1)}%"></span><span>${percent(r.share)}</span></td></tr>`;
  };
  const head =
    '<thead><tr><th scope="col">#</th><th scope="col">shape</th><th scope="col">runs</th><th scope="col">share</th></tr></thead>';
  const top = ranked.slice(0, limits.top);
  const rest = ranked.slice(limits.top);
  const out = [
    `<table class="shapes" id="${h(id)}"><caption>Run shapes of ${h(scenario.name)}: ${ranked.length} over ${total} runs</caption>${head}<tbody>${top.map((r, i) => row(r, i + 1)).join('')}</tbody></table>`,
  ];
  if (rest.length > 0) {
    const restRuns = rest.reduce((a, r) => a + r.runs, 0);
    const listed = rest.slice(0, limits.folded);
    const unlisted = rest.length - listed.length;
    out.push(
      `<details class="shapes-rest"><summary>${rest.length} more shape${rest.length === 1 ? '' : 's'}: ${restRuns} runs, ${percent(restRuns / total)}</summary><table class="shapes"><caption>Less common run shapes of ${h(scenario.name)}</caption>${head}<tbody>${listed.map((r, i) => row(r, limits.top + i + 1)).join('')}</tbody></table>${unlisted > 0 ? `<p class="note">and ${unlisted} more shapes in summary.json.</p>` : ''}</details>`,
    );
  }
  return out.join('');
}

function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
