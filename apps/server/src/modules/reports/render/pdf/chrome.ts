/**
 * Running header and footer, drawn on each page as it is opened (pages are written out as
 * they fill, never buffered): mission and client on the left, "Confidential" on the right, the
 * page number below: "Page n of N", N from the renderer's counting pass (index.ts).
 */
import type { ReportModel } from '../../model/report-model.js';
import { FONT } from './fonts.js';
import { C, type PdfWriter } from './layout.js';
import { formatDateTime } from './text.js';

/** Draws the header and footer of the page just added (none on the cover). */
export function drawChrome(w: PdfWriter, model: ReportModel): void {
  const n = w.pageNumber;
  if (n <= 1) return;
  const doc = w.doc;
  const page = doc.page;
  const bottomMargin = page.margins.bottom;
  page.margins.bottom = 0; // writing inside the margin must not open a page
  const l = page.margins.left;
  const r = page.width - page.margins.right;
  const headY = page.margins.top - 34;
  w.font(FONT.bold, 7, C.accent);
  const conf = 'CONFIDENTIAL';
  const confW = doc.widthOfString(conf);
  doc.text(conf, r - confW, headY, { lineBreak: false });
  w.font(FONT.body, 7.5, C.muted);
  const left = `${model.cover.missionName} — ${model.cover.clientName}`;
  doc.text(left, l, headY, {
    width: r - l - confW - 20,
    height: 10,
    ellipsis: true,
    lineBreak: false,
  });
  doc
    .moveTo(l, headY + 13)
    .lineTo(r, headY + 13)
    .lineWidth(0.5)
    .strokeColor(C.rule)
    .stroke();

  const footY = page.height - bottomMargin + 24;
  doc
    .moveTo(l, footY - 7)
    .lineTo(r, footY - 7)
    .lineWidth(0.5)
    .strokeColor(C.rule)
    .stroke();
  w.font(FONT.body, 7, C.faint).text(`Generated ${formatDateTime(model.generatedAt)}`, l, footY, {
    lineBreak: false,
  });
  const num = w.totalPages ? `Page ${n} of ${w.totalPages}` : `Page ${n}`;
  w.font(FONT.body, 7.5, C.muted);
  doc.text(num, r - doc.widthOfString(num), footY, { lineBreak: false });
  page.margins.bottom = bottomMargin;
}
