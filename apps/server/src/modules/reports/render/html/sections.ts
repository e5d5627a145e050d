import { REPORT_SECTION_LABELS, type ReportSection } from '@metamorph/contract';
import type { ReportModel, ReportTest } from '../../model/report-model.js';
import { escapeHtml as e, renderMarkdown } from './markdown.js';

/** The HTML of each report section (strings; the test details are written one at a time). */

const COLOUR = /^#[0-9a-f]{3,8}$/i;
/** A level colour for a style attribute: a hex colour, else grey (never raw admin text in CSS). */
export const colour = (c: string | null | undefined): string =>
  c && COLOUR.test(c) ? c : '#9aa5b1';

export const sectionId = (s: ReportSection): string => `section-${s.replace(/_/g, '-')}`;
export const testId = (t: ReportTest): string => `test-${t.number.replace('.', '-')}`;

export function formatDate(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';
}

const dl = (rows: Array<[string, string | null]>): string =>
  `<dl>${rows
    .filter((r): r is [string, string] => r[1] !== null && r[1] !== '')
    .map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`)
    .join('')}</dl>`;

export function coverHtml(m: ReportModel): string {
  const c = m.cover;
  const dates = c.startDate || c.endDate ? `${c.startDate ?? '…'} – ${c.endDate ?? '…'}` : null;
  return `<section class="cover" id="cover">
<div class="client">${e(c.clientName)}</div>
<h1>${e(c.missionName)}</h1>
<div>Purple-team exercise report</div>
${dl([
  ['Dates', dates ? e(dates) : null],
  ['Status', e(c.status)],
  ...c.team.map((g): [string, string] => [g.role, e(g.names.join(', '))]),
  ['ATT&CK release', c.attackRelease ? e(c.attackRelease) : null],
  ['Generated', `${e(formatDate(m.generatedAt))} by ${e(c.generatedBy)}`],
])}
${c.descriptionMd ? `<div class="description">${renderMarkdown(c.descriptionMd)}</div>` : ''}
</section>`;
}

export function tocHtml(m: ReportModel): string {
  const items = m.sections
    .filter((s) => s !== 'toc')
    .map((s) => {
      const sub =
        s === 'tests' && m.tests.length > 0
          ? `<ol>${m.tests.map((t) => `<li><a href="#${testId(t)}">${e(t.number)} ${e(t.name)}</a></li>`).join('')}</ol>`
          : '';
      return `<li><a href="#${sectionId(s)}">${e(REPORT_SECTION_LABELS[s])}</a>${sub}</li>`;
    });
  return `<nav class="toc" id="${sectionId('toc')}"><h2>${e(REPORT_SECTION_LABELS.toc)}</h2><ol>${items.join('')}</ol></nav>`;
}

export const h2 = (s: ReportSection): string =>
  `<h2 id="${sectionId(s)}">${e(REPORT_SECTION_LABELS[s])}</h2>`;

export function summaryHtml(m: ReportModel): string {
  const body = m.executiveSummaryMd
    ? renderMarkdown(m.executiveSummaryMd)
    : '<p><em>No executive summary was written for this mission.</em></p>';
  return `<section>${h2('executive_summary')}${body}</section>`;
}

export function numbersHtml(m: ReportModel): string {
  const cards = m.keyNumbers
    .map(
      (n) =>
        `<div class="number"><div class="value">${e(n.value)}</div><div class="label">${e(n.label)}</div>${n.hint ? `<div class="hint">${e(n.hint)}</div>` : ''}</div>`,
    )
    .join('');
  return `<section>${h2('key_numbers')}<div class="numbers">${cards}</div></section>`;
}

/** Charts are SVG rendered server-side by ECharts from our own options (text escaped by it). */
export function chartsHtml(m: ReportModel): string {
  const figs = m.charts
    .map(
      (c) =>
        `<figure id="chart-${e(c.id)}">${c.svg}<figcaption>${e(c.title)}</figcaption></figure>`,
    )
    .join('');
  return `<section>${h2('charts')}${figs || '<p>No chart: no test in this report.</p>'}</section>`;
}

export function heatmapHtml(m: ReportModel): string {
  const cols = m.heatmap.columns
    .map(
      (col) =>
        `<div class="col"><h4>${e(col.tactic)}</h4>${col.cells
          .map(
            (c) =>
              `<div class="cell" style="background:${colour(c.colour)}" title="${e(c.levelLabel ?? 'No outcome yet')}"><span class="id">${e(c.externalId)}</span> ${e(c.name)} <span>${e(c.fraction)}</span></div>`,
          )
          .join('')}</div>`,
    )
    .join('');
  const legend = m.heatmap.legend
    .map((l) => `<span><i style="background:${colour(l.colour)}"></i>${e(l.label)}</span>`)
    .join('');
  return `<section>${h2('heatmap')}<p class="legend">${legend}<span><i style="background:${colour(null)}"></i>No outcome yet</span></p><div class="heatmap">${cols || '<p>No technique tested.</p>'}</div></section>`;
}

export function tacticsHtml(m: ReportModel): string {
  const rows = m.tactics
    .map(
      (t) =>
        `<tr><td>${e(t.tactic)}</td><td class="num">${t.tests}</td><td class="num">${t.reviewed}</td><td class="num">${t.detected}</td><td class="num">${t.prevented}</td><td class="num">${e(t.rate)}</td></tr>`,
    )
    .join('');
  return `<section>${h2('tactics')}<table><thead><tr><th>Tactic</th><th>Tests</th><th>With outcome</th><th>Detected</th><th>Prevented</th><th>Detection rate</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export const testsHeading = (): string => `<section>${h2('tests')}`;

export function manifestHtml(m: ReportModel): string {
  const rows = m.evidenceManifest
    .map(
      (r) =>
        `<tr><td>${e(r.testNumber)}</td><td>${e(r.fileName)}${r.caption ? `<br><small>${e(r.caption)}</small>` : ''}</td><td>${e(r.side)}</td><td class="num">${r.sizeBytes}</td><td class="hash">${e(r.sha256)}</td></tr>`,
    )
    .join('');
  return `<section>${h2('evidence_manifest')}${rows ? `<table><thead><tr><th>Test</th><th>File</th><th>Side</th><th>Bytes</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No evidence file.</p>'}</section>`;
}

export function methodologyHtml(m: ReportModel, redaction: string): string {
  const levels = m.levels
    .map(
      (l) =>
        `<tr><td><span class="badge" style="background:${colour(l.colour)}">${e(l.label)}</span></td><td>${e(l.countsAs)}</td><td class="num">${l.coverageScore}</td><td>${l.description ? e(l.description) : ''}</td></tr>`,
    )
    .join('');
  return `<section>${h2('methodology')}${renderMarkdown(m.methodologyMd)}<h3>Detection levels</h3><table><thead><tr><th>Level</th><th>Counts as</th><th>Score</th><th>Definition</th></tr></thead><tbody>${levels}</tbody></table><p>${e(redaction)}</p></section>`;
}

export { dl };
