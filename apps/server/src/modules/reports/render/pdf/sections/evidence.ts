/**
 * A test's evidence: image thumbnails two to a row with numbered captions, text previews in
 * monospace boxes, other files as one line. Each thumbnail is fetched while it is written and
 * dropped after (pdfkit writes the image object out at once).
 */
import type { ReportEvidence, ReportTest } from '../../../model/report-model.js';
import { FONT } from '../fonts.js';
import { C, type PdfWriter } from '../layout.js';
import { cap, formatBytes, PREVIEW_CAP } from '../text.js';

const GAP = 12;
const MAX_H = 190;

const caption = (t: ReportTest, n: number, e: ReportEvidence): string =>
  `Figure ${t.number}.${n} — ${e.caption ?? e.fileName}`;
const detail = (e: ReportEvidence): string =>
  `${e.fileName} · ${e.side === 'red' ? 'red' : 'blue'} · ${formatBytes(e.sizeBytes)} · SHA-256 ${e.sha256.slice(0, 16)}…`;

function captionHeight(w: PdfWriter, text: string, sub: string, width: number): number {
  w.font(FONT.bold, 7.4);
  const a = w.doc.heightOfString(text, { width });
  w.font(FONT.body, 6.6);
  return a + 1 + w.doc.heightOfString(sub, { width });
}

function writeCaption(
  w: PdfWriter,
  x: number,
  y: number,
  width: number,
  text: string,
  sub: string,
): number {
  w.font(FONT.bold, 7.4, C.ink).text(text, x, y, { width });
  w.font(FONT.body, 6.6, C.faint).text(sub, x, w.doc.y + 1, { width });
  return w.doc.y;
}

async function writeImages(
  w: PdfWriter,
  t: ReportTest,
  images: Array<[number, ReportEvidence]>,
): Promise<void> {
  const colW = (w.width - GAP) / 2;
  for (let i = 0; i < images.length; i += 2) {
    const pair = images.slice(i, i + 2);
    const loaded = [];
    for (const [n, e] of pair) loaded.push({ n, e, img: await e.thumbnail() });
    const boxes = loaded.map(({ n, e, img }) => {
      const scale = img ? Math.min(colW / img.width, MAX_H / img.height, 1) : 1;
      const h = img ? img.height * scale : 0;
      return {
        n,
        e,
        img,
        w: img ? img.width * scale : 0,
        h,
        cap: captionHeight(w, caption(t, n, e), detail(e), colW),
      };
    });
    const rowH = Math.max(...boxes.map((b) => b.h + 5 + b.cap));
    w.ensure(rowH + 6);
    const top = w.y;
    let bottom = top;
    boxes.forEach((b, j) => {
      const x = w.left + j * (colW + GAP);
      if (b.img) {
        w.doc.image(b.img.jpeg, x, top, { width: b.w, height: b.h });
        w.doc.rect(x, top, b.w, b.h).lineWidth(0.5).strokeColor(C.boxBorder).stroke();
      }
      bottom = Math.max(
        bottom,
        writeCaption(w, x, top + b.h + 5, colW, caption(t, b.n, b.e), detail(b.e)),
      );
    });
    loaded.length = 0; // the thumbnails are in the PDF now; let them go
    w.y = bottom + 10;
    w.doc.x = w.left;
  }
}

export async function writeEvidence(w: PdfWriter, t: ReportTest): Promise<void> {
  if (t.evidence.length === 0) return;
  w.ensure(t.evidence.some((e) => e.isImage) ? MAX_H * 0.7 : 80); // keep the label with the first row
  w.label('Evidence');
  w.gap(2);
  const numbered = t.evidence.map((e, i): [number, ReportEvidence] => [i + 1, e]);
  await writeImages(
    w,
    t,
    numbered.filter(([, e]) => e.isImage),
  );
  for (const [n, e] of numbered.filter(([, ev]) => !ev.isImage)) {
    const preview = await e.textPreview();
    w.ensure(40);
    const end = writeCaption(w, w.left, w.y, w.width, caption(t, n, e), detail(e));
    w.y = end + 3;
    if (preview) {
      const c = cap(preview, PREVIEW_CAP, 30);
      w.monoBox(c.text, { note: c.note, size: 7 });
    } else w.gap(6);
  }
}
