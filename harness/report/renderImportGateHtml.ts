import type { ImportGate } from '../../contracts/ImportCensus.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { GATE_FILES_SHOWN } from './formatImportGateMarkdown.ts';

/** One point's import gate in migration.html: the message, the counts, each expectation with the files still on an old path. */
export function renderImportGateHtml(title: string, name: string, gate: ImportGate): string {
  const counts =
    gate.counts.length === 0
      ? ''
      : `<table><caption>Import census of ${h(name)}</caption><thead><tr><th scope="col">category</th><th scope="col">production files</th><th scope="col">test files</th><th scope="col">import sites</th><th scope="col">files that mention it</th></tr></thead><tbody>${gate.counts.map((c) => `<tr><th scope="row">${h(c.category)}</th><td class="num">${c.production}</td><td class="num">${c.test}</td><td class="num">${c.sites}</td><td class="num">${c.mentions}</td></tr>`).join('')}</tbody></table>`;
  const checks =
    gate.checks.length === 0
      ? ''
      : `<table><caption>Import expectations of ${h(name)}</caption><thead><tr><th scope="col">expectation</th><th scope="col">expected</th><th scope="col">found</th><th scope="col">files</th></tr></thead><tbody>${gate.checks
          .map((c) => {
            const more = c.files.length > GATE_FILES_SHOWN ? ` and ${c.files.length - GATE_FILES_SHOWN} more` : '';
            return `<tr data-pass="${c.pass}"><th scope="row">${c.pass ? 'PASS' : 'FAIL'} ${h(`${c.category}.${c.scope}`)}</th><td>${h(c.expected)}</td><td class="num">${c.actual}</td><td>${c.files
              .slice(0, GATE_FILES_SHOWN)
              .map((f) => `<code>${h(f)}</code>`)
              .join(', ')}${h(more)}</td></tr>`;
          })
          .join('')}</tbody></table>`;
  const links = gate.reports.map((r) => `<a href="${h(encodeURI(r))}">${h(r)}</a>`).join(' · ');
  return `<h3>${h(title)}: imports ${h(gate.status)}</h3><p>${h(gate.message)}${gate.commit ? ` <code>${h(gate.commit.slice(0, 12))}</code>` : ''}</p>${counts}${checks}${links ? `<p class="note">${links}</p>` : ''}`;
}
