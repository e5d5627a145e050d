import type { ReportEvidence, ReportTest } from '../../model/report-model.js';
import { escapeHtml as e, renderMarkdown } from './markdown.js';
import { colour, dl, formatDate, testId } from './sections.js';

const pre = (text: string | null) => (text ? `<pre>${e(text)}</pre>` : null);
const md = (text: string | null) => (text ? renderMarkdown(text) : null);

function window(t: ReportTest): string | null {
  if (!t.attackStartedAt && !t.attackEndedAt) return null;
  return `${formatDate(t.attackStartedAt)} → ${formatDate(t.attackEndedAt)}`;
}

function toolsTable(t: ReportTest): string | null {
  if (t.toolResults.length === 0) return null;
  const rows = t.toolResults
    .map(
      (r) =>
        `<tr><td>${e(r.toolName)}${r.layer ? ` <small>(${e(r.layer)})</small>` : ''}</td><td>${e(r.prevented)}</td><td>${e(r.alerted)}</td><td>${e(r.logged)}</td><td>${r.ruleName ? e(r.ruleName) : ''}</td><td>${r.detectedAt ? e(formatDate(r.detectedAt)) : ''}</td><td>${r.note ? e(r.note) : ''}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Defence tool</th><th>Prevented</th><th>Alerted</th><th>Logged</th><th>Rule</th><th>Detected at</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One evidence file: its thumbnail as a data: URI, or its redacted text preview, or its name. */
export async function evidenceHtml(ev: ReportEvidence): Promise<string> {
  const caption = `<figcaption>${e(ev.caption ?? ev.fileName)} <small>(${e(ev.side)}, ${ev.sizeBytes} bytes)</small><br><span class="hash">SHA-256 ${e(ev.sha256)}</span></figcaption>`;
  if (ev.isImage) {
    const img = await ev.thumbnail();
    if (img) {
      const src = `data:image/jpeg;base64,${img.jpeg.toString('base64')}`;
      return `<figure><img src="${src}" width="${img.width}" height="${img.height}" alt="${e(ev.caption ?? ev.fileName)}">${caption}</figure>`;
    }
  }
  const text = await ev.textPreview();
  return `<figure>${text !== null ? `<pre>${e(text)}</pre>` : `<p>${e(ev.fileName)} <small>${e(ev.mime)}</small></p>`}${caption}</figure>`;
}

export async function testHtml(t: ReportTest): Promise<string> {
  const level = t.level
    ? `<span class="badge" style="background:${colour(t.level.colour)}">${e(t.level.label)}</span>`
    : '<span class="badge" style="background:#9aa5b1">No outcome</span>';
  const attack = t.attack.map((a) => `${a.externalId}${a.name ? ` ${a.name}` : ''}`).join(', ');
  const parts: string[] = [];
  for (const ev of t.evidence) parts.push(await evidenceHtml(ev));
  const section = (title: string, body: string | null) =>
    body ? `<h4>${e(title)}</h4>${body}` : '';
  return `<article class="test" id="${testId(t)}">
<h3>${e(t.number)} ${e(t.name)} ${level}</h3>
<div class="meta">${e(t.scenarioName)} · ${e(t.state)}${attack ? ` · ${e(attack)}` : ''}</div>
${dl([
  ['Objective', t.objective ? e(t.objective) : null],
  ['Attack window', window(t) ? e(window(t)!) : null],
  ['Executed at', t.executedAt ? e(formatDate(t.executedAt)) : null],
  ['Execution result', t.executionResult ? e(t.executionResult) : null],
  ['Expected', t.expectedSummary ? e(t.expectedSummary) : null],
  ['Expected vs actual', t.expectation ? e(t.expectation) : null],
  ['Gap reason', t.gapReason ? e(t.gapReason) : null],
  ['Outcome override', t.overrideReason ? e(t.overrideReason) : null],
])}
${section('Procedure', md(t.procedureMd))}
${section('Command', pre(t.command))}
${section('Output', pre(t.output))}
${section('Red comment', md(t.redCommentMd))}
${section('Defence tools', toolsTable(t))}
${section('Blue comment', md(t.blueCommentMd))}
${parts.length > 0 ? `<h4>Evidence</h4><div class="evidence">${parts.join('')}</div>` : ''}
</article>`;
}
