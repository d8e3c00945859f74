import type { LatencyName, Percentiles } from '../../contracts/Summary.ts';
import { escapeHtml } from './escapeHtml.ts';
import { formatMs } from './formatMs.ts';
import type { Timeline } from './readHistoryTimeline.ts';

export const EVENT_COLORS: Record<string, string> = {
  agent_started: '#2563eb',
  agent_thinking: '#7c3aed',
  tool_executing: '#ea580c',
  tool_completed: '#16a34a',
  agent_completed: '#065f46',
  agent_error: '#dc2626',
};
const OTHER = '#6b7280';

/**
 * Swimlanes: one lane per user × run, each event a dot placed by its time since that run's first event (so the order
 * inside every run is readable even when runs are seconds apart); the label says when the run started. Events that
 * name another user are red squares.
 */
export function renderSwimlanes(
  timeline: Timeline,
  label: string,
  size: { width?: number; labelWidth?: number } = {},
): string {
  const lanes = timeline.lanes;
  if (lanes.length === 0) return `<p>No run events in ${escapeHtml(timeline.path)}.</p>`;
  const labelW = size.labelWidth ?? 300;
  const width = size.width ?? 920;
  const laneH = 22;
  const height = lanes.length * laneH + 30;
  const t0 = Math.min(...lanes.flatMap((l) => l.events.map((e) => e.t)));
  const span = Math.max(1, ...lanes.map((l) => (l.events[l.events.length - 1]?.t ?? 0) - (l.events[0]?.t ?? 0)));
  const rows = lanes
    .map((lane, i) => {
      const y = 10 + i * laneH + laneH / 2;
      const first = lane.events[0]?.t ?? t0;
      const last = lane.events[lane.events.length - 1]?.t ?? first;
      const x = (t: number): number => labelW + ((t - first) / span) * (width - labelW - 20);
      const dots = lane.events
        .map((e) => {
          const title = `<title>${escapeHtml(`${e.type}${e.tool ? ` ${e.tool}` : ''} for ${lane.user} at +${formatMs(e.t - first)} ms in run ${lane.runId}${e.foreign ? ` — LEAK: belongs to ${e.foreign}` : ''}`)}</title>`;
          return e.foreign
            ? `<rect class="leak" x="${(x(e.t) - 6).toFixed(1)}" y="${y - 6}" width="12" height="12" fill="#dc2626" stroke="#000">${title}</rect>`
            : `<circle cx="${x(e.t).toFixed(1)}" cy="${y}" r="5" fill="${EVENT_COLORS[e.type] ?? OTHER}">${title}</circle>`;
        })
        .join('');
      return `<g class="lane" data-user="${escapeHtml(lane.user)}"><text x="4" y="${y + 4}" font-size="11">${escapeHtml(tail(lane.user, 14))} · ${escapeHtml(tail(lane.runId, labelW >= 300 ? 16 : 10))} @${formatMs(first - t0)} ms</text><line x1="${x(first).toFixed(1)}" x2="${x(last).toFixed(1)}" y1="${y}" y2="${y}" stroke="#cbd5e1" stroke-width="3"/>${dots}</g>`;
    })
    .join('');
  const axis = `<text x="${labelW}" y="${height - 4}" font-size="10">run start</text><text x="${width - 20}" y="${height - 4}" font-size="10" text-anchor="end">+${formatMs(span)} ms</text>`;
  return `<svg class="swimlane" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(label)}</title>${rows}${axis}</svg>`;
}

/** A legend for the swimlane colours. */
export function renderLegend(): string {
  const items = Object.entries(EVENT_COLORS).map(
    ([type, color]) => `<li><span class="swatch" style="background:${color}"></span>${type}</li>`,
  );
  items.push(
    '<li><span class="swatch" style="background:#dc2626;border-radius:0;outline:1px solid #000"></span>event of another user (leak)</li>',
  );
  return `<ul class="legend" aria-label="Legend of event colours">${items.join('')}</ul>`;
}

const BARS: (keyof Percentiles)[] = ['p50', 'p95', 'p99', 'max'];

/** Horizontal bars of the latency percentiles of one scenario, one group per latency figure. */
export function renderLatencyChart(latency: Partial<Record<LatencyName, Percentiles>>, label: string): string {
  const entries = Object.entries(latency).filter(([, p]) => p && p.count > 0) as [LatencyName, Percentiles][];
  if (entries.length === 0) return '<p>No latency measured.</p>';
  const top = Math.max(1, ...entries.flatMap(([, p]) => BARS.map((b) => p[b])));
  const labelW = 170;
  const width = 700;
  const barH = 14;
  let y = 8;
  const parts: string[] = [];
  for (const [name, p] of entries) {
    parts.push(`<text x="4" y="${y + 11}" font-size="12" font-weight="bold">${name} (n=${p.count})</text>`);
    y += 18;
    for (const b of BARS) {
      const w = Math.max(1, (p[b] / top) * (width - labelW - 80));
      parts.push(
        `<text x="20" y="${y + 11}" font-size="11">${b}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH - 2}" fill="${b === 'max' ? '#94a3b8' : '#3b82f6'}"><title>${name} ${b}: ${formatMs(p[b])} ms</title></rect><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 11}" font-size="11">${formatMs(p[b])} ms</text>`,
      );
      y += barH;
    }
    y += 6;
  }
  return `<svg class="latency" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${y}" width="${width}" style="max-width:100%;height:auto" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(label)}</title>${parts.join('')}</svg>`;
}

/** Keeps the end of an id, where generated ids differ (gp722f62-u0004 → …2-u0004). */
function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
