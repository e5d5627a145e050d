import type { ReportFinding, ReportModel } from '../../model/report-model.js';
import { escapeHtml as e, renderMarkdown } from './markdown.js';
import { colour, dl, h2, testId } from './sections.js';

/** The findings section and a retest's before / after section of the HTML report. */

const badge = (label: string, c: string | null) =>
  `<span class="badge" style="background:${colour(c)}">${e(label)}</span>`;

function counts(m: ReportModel): string {
  const f = m.findings;
  const sev = f.bySeverity
    .map((s) => `<td class="num">${badge(s.label, s.colour)} ${s.count}</td>`)
    .join('');
  const status = f.byStatus.map((s) => `${e(s.label)} ${s.count}`).join(' · ');
  return `<table class="counts"><tbody><tr><th>By severity</th>${sev}</tr></tbody></table>${status ? `<p class="meta">By status: ${status}</p>` : ''}`;
}

function linkedTests(f: ReportFinding, m: ReportModel): string | null {
  if (f.tests.length === 0) return null;
  const byId = new Map(m.tests.map((t) => [t.id, t]));
  return f.tests
    .map((t) => {
      const reported = byId.get(t.id);
      const label = `${t.number ? `${t.number} ` : ''}${t.name}`;
      return reported && m.sections.includes('tests')
        ? `<a href="#${testId(reported)}">${e(label)}</a>`
        : `${e(label)}${t.number ? '' : ' <small>(not in this report)</small>'}`;
    })
    .join('<br>');
}

function findingHtml(f: ReportFinding, m: ReportModel): string {
  const techniques = f.techniques
    .map((t) => `${t.externalId}${t.name ? ` ${t.name}` : ''}`)
    .join(', ');
  const pre = (label: string, text: string | null) =>
    text ? `<h4>${e(label)}</h4><pre>${e(text)}</pre>` : '';
  return `<article class="finding test" id="finding-${f.number}">
<h3>F-${f.number} ${e(f.title)} ${badge(f.severity.label, f.severity.colour)}</h3>
${dl([
  ['Status', e(f.status) + (f.statusReason ? ` — ${e(f.statusReason)}` : '')],
  ['Owner', f.owner ? e(f.owner) : '—'],
  ['Due', f.dueOn ? e(f.dueOn) : '—'],
  ['Techniques', techniques ? e(techniques) : null],
  ['Linked tests', linkedTests(f, m)],
  ['Gap reason', f.gapReason ? e(f.gapReason) : null],
  ['Ticket', f.ticketUrl ? e(f.ticketUrl) : null],
  ['Retest', f.retestTests > 0 ? `${f.retestTests} retest test(s)` : null],
])}
${f.descriptionMd ? `<h4>Description</h4>${renderMarkdown(f.descriptionMd)}` : ''}
${f.recommendationMd ? `<h4>Recommendation</h4>${renderMarkdown(f.recommendationMd)}` : ''}
${pre('Sigma rule', f.sigmaRule)}
${pre('SIEM query', f.siemQuery)}
</article>`;
}

export function findingsHtml(m: ReportModel): string {
  const items = m.findings.items;
  if (items.length === 0) {
    return `<section>${h2('findings')}<p><em>No finding was recorded for this mission.</em></p></section>`;
  }
  const index = items
    .map(
      (f) =>
        `<tr><td><a href="#finding-${f.number}">F-${f.number}</a></td><td>${e(f.title)}</td><td>${badge(f.severity.label, f.severity.colour)}</td><td>${e(f.status)}</td><td>${e(f.owner ?? '—')}</td><td>${e(f.dueOn ?? '—')}</td></tr>`,
    )
    .join('');
  return `<section>${h2('findings')}${counts(m)}<table><thead><tr><th>#</th><th>Finding</th><th>Severity</th><th>Status</th><th>Owner</th><th>Due</th></tr></thead><tbody>${index}</tbody></table>${items.map((f) => findingHtml(f, m)).join('\n')}</section>`;
}

export function beforeAfterHtml(m: ReportModel): string {
  const b = m.beforeAfter;
  if (!b) return '';
  const tests = b.tests
    .map(
      (t) =>
        `<tr><td>${e(t.name)}</td><td>${e(t.before)}</td><td>${e(t.after)}</td><td class="change-${e(t.changeKey)}">${e(t.change)}</td></tr>`,
    )
    .join('');
  const tactics = b.tactics
    .map(
      (t) =>
        `<tr><td>${e(t.tactic)}</td><td class="num">${e(t.before)}</td><td class="num">${e(t.after)}</td></tr>`,
    )
    .join('');
  const findings = b.findings.items
    .map((f) => `<tr><td>${e(f.title)}</td><td>${e(f.severity)}</td><td>${e(f.status)}</td></tr>`)
    .join('');
  return `<section>${h2('before_after')}
<p>This mission retests <strong>${e(b.before.name)}</strong>. Detection rate over the matched tests: <strong>${e(b.detection.before)}</strong> before (${e(b.detection.beforeHint)}), <strong>${e(b.detection.after)}</strong> after (${e(b.detection.afterHint)}). Findings closed: <strong>${b.findings.closed} of ${b.findings.total}</strong>.</p>
<h3>Tests</h3><table><thead><tr><th>Test</th><th>Before</th><th>After</th><th>Change</th></tr></thead><tbody>${tests || '<tr><td colspan="4">No test.</td></tr>'}</tbody></table>
<h3>Detection rate by tactic</h3><table><thead><tr><th>Tactic</th><th>Before</th><th>After</th></tr></thead><tbody>${tactics || '<tr><td colspan="3">No tactic.</td></tr>'}</tbody></table>
<h3>Findings of the original mission</h3><table><thead><tr><th>Finding</th><th>Severity</th><th>Status</th></tr></thead><tbody>${findings || '<tr><td colspan="3">No finding.</td></tr>'}</tbody></table>
</section>`;
}
