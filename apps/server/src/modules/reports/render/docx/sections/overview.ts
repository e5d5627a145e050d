/** Executive summary, key numbers, and the charts (SVG rasterised to PNG with sharp). */
import {
  AlignmentType,
  BorderStyle,
  ImageRun,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  LineRuleType,
} from 'docx';
import sharp from 'sharp';
import type { ReportChart, ReportKeyNumber, ReportModel } from '../../../model/report-model.js';
import { small, spacer, type Block } from '../blocks.js';
import { markdown } from '../markdown.js';
import { C, CONTENT_PX, CONTENT_TWIPS } from '../styles.js';

export function summary(model: ReportModel): Block[] {
  const md = markdown(model.executiveSummaryMd, 21);
  return md.length > 0 ? md : [small('No executive summary was written for this mission.', true)];
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const WHITE = { style: BorderStyle.SINGLE, size: 24, color: 'FFFFFF' } as const;

function card(n: ReportKeyNumber | null, width: number): TableCell {
  const p = (text: string, size: number, color: string, bold = false, after = 0) =>
    new Paragraph({
      spacing: { after, line: 240, lineRule: LineRuleType.AUTO },
      children: [new TextRun({ text, size, color, bold })],
    });
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 120, bottom: 120, left: 160, right: 120 },
    shading: n ? { type: ShadingType.CLEAR, color: 'auto', fill: C.accentSoft } : undefined,
    borders: n
      ? {
          top: WHITE,
          bottom: WHITE,
          right: WHITE,
          left: { style: BorderStyle.SINGLE, size: 24, color: C.accent },
        }
      : { top: NONE, bottom: NONE, left: NONE, right: NONE },
    children: n
      ? [
          p(n.label.toUpperCase(), 14, C.muted, true, 40),
          p(n.value, 36, C.ink, true),
          p(n.hint ?? ' ', 14, C.faint),
        ]
      : [new Paragraph({ children: [] })],
  });
}

/** Key numbers as cards, three to a row. */
export function keyNumbers(numbers: readonly ReportKeyNumber[]): Block[] {
  if (numbers.length === 0) return [small('No results yet.', true)];
  const width = Math.floor(CONTENT_TWIPS.portrait / 3);
  const rows: TableRow[] = [];
  for (let i = 0; i < numbers.length; i += 3) {
    const row = [0, 1, 2].map((j) => card(numbers[i + j] ?? null, width));
    rows.push(new TableRow({ cantSplit: true, children: row }));
  }
  return [
    new Table({
      width: { size: width * 3, type: WidthType.DXA },
      columnWidths: [width, width, width],
      layout: TableLayoutType.FIXED,
      borders: {
        top: NONE,
        bottom: NONE,
        left: NONE,
        right: NONE,
        insideHorizontal: NONE,
        insideVertical: NONE,
      },
      rows,
    }),
    spacer(),
  ];
}

/** A chart's SVG as a PNG at twice its display size (sharp renders SVG with librsvg). */
async function chart(c: ReportChart): Promise<Block[]> {
  const width = Math.min(CONTENT_PX, c.width);
  const height = Math.round((width * c.height) / Math.max(1, c.width));
  let png: Buffer;
  try {
    png = await sharp(Buffer.from(c.svg), { density: Math.round((72 * 2 * width) / c.width) })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  } catch {
    // librsvg is stricter than browsers about some ECharts SSR output (docs/status.md, issue
    // 16): the report is still written, with the chart named and pointed to elsewhere.
    return [
      new Paragraph({
        children: [
          new TextRun({
            text: `${c.title}: this chart is in the PDF and HTML reports.`,
            italics: true,
          }),
        ],
      }),
    ];
  }
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 160, after: 60 },
      children: [new TextRun({ text: c.title, bold: true, size: 21 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width, height },
          altText: { name: c.id, title: c.title, description: c.title },
        }),
      ],
    }),
  ];
}

export async function charts(list: readonly ReportChart[]): Promise<Block[]> {
  if (list.length === 0) return [small('No charts: nothing has been executed yet.', true)];
  const out: Block[] = [];
  for (const c of list) out.push(...(await chart(c)));
  return out;
}
