/**
 * Running header and footer, drawn on every buffered page after layout (so "Page n of N" is
 * known): mission and client on the left, "Confidential" on the right, page numbers below.
 * The cover carries neither.
 */
import type { ReportModel } from '../../model/report-model.js';
import { FONT } from './fonts.js';
import { C, type PdfWriter } from './layout.js';
import { formatDateTime } from './text.js';

export function drawChrome(w: PdfWriter, model: ReportModel): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  const total = range.count;
  const left = `${model.cover.missionName} — ${model.cover.clientName}`;
  const generated = `Generated ${formatDateTime(model.generatedAt)}`;
  for (let i = range.start + 1; i < range.start + total; i++) {
    doc.switchToPage(i);
    const page = doc.page;
    const bottomMargin = page.margins.bottom;
    page.margins.bottom = 0; // writing inside the margin must not open a page
    const l = page.margins.left;
    const r = page.width - page.margins.right;
    const headY = page.margins.top - 34;
    w.font(FONT.bold, 7, C.accent);
    const conf = 'CONFIDENTIAL';
    const confW = doc.widthOfString(conf, { characterSpacing: 0.8 });
    doc.text(conf, r - confW, headY, { lineBreak: false, characterSpacing: 0.8 });
    w.font(FONT.body, 7.5, C.muted);
    doc.text(left, l, headY, { width: r - l - confW - 20, height: 10, ellipsis: true, lineBreak: false });
    doc.moveTo(l, headY + 13).lineTo(r, headY + 13).lineWidth(0.5).strokeColor(C.rule).stroke();

    const footY = page.height - bottomMargin + 24;
    doc.moveTo(l, footY - 7).lineTo(r, footY - 7).lineWidth(0.5).strokeColor(C.rule).stroke();
    w.font(FONT.body, 7, C.faint).text(generated, l, footY, { lineBreak: false });
    const num = `Page ${i + 1} of ${total}`;
    w.font(FONT.body, 7.5, C.muted);
    doc.text(num, r - doc.widthOfString(num), footY, { lineBreak: false });
    page.margins.bottom = bottomMargin;
  }
}
