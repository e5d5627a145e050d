/** Small DOCX building blocks: labels, text runs, chips, code boxes, tables that fit the page. */
import type { TableOfContents } from 'docx';
import {
  AlignmentType,
  BorderStyle,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import { hex6, textOn } from '../pdf/text.js';
import { C, CONTENT_TWIPS, FACT_TAB, FONT_MONO } from './styles.js';

export type Block = Paragraph | Table | TableOfContents;

export const label = (text: string): Paragraph =>
  new Paragraph({ style: 'Label', children: [new TextRun(text)] });

export const small = (text: string, italics = false): Paragraph =>
  new Paragraph({ style: 'Small', children: [new TextRun({ text, italics })] });

/** Text with line breaks kept (each '\n' becomes a break). */
export function lines(
  text: string,
  opts: { bold?: boolean; color?: string; size?: number; font?: string } = {},
): TextRun[] {
  return text
    .split('\n')
    .map((line, i) => new TextRun({ ...opts, text: line, break: i > 0 ? 1 : undefined }));
}

/** A colour chip: the label on its colour, in whichever of white or black reads better. */
export const chip = (text: string, colour: string): TextRun =>
  new TextRun({
    text: ` ${text} `,
    bold: true,
    size: 17,
    color: hex6(textOn(colour)),
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex6(colour) },
  });

/** Monospace text in a shaded, bordered box (style Code); Word wraps long lines. */
export function codeBox(text: string, note: string | null = null): Block[] {
  const out: Block[] = [new Paragraph({ style: 'Code', children: lines(text) })];
  if (note) out.push(small(note, true));
  return out;
}

export interface Column {
  header: string;
  share: number;
  align?: 'left' | 'right' | 'center';
}
export interface CellSpec {
  text: string;
  bold?: boolean;
  color?: string;
  fill?: string;
  mono?: boolean;
  size?: number;
  sub?: string | null;
  chip?: string | null;
}
export type Cell = string | CellSpec;

const ALIGN = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
};
const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const RULE = { style: BorderStyle.SINGLE, size: 4, color: C.rule } as const;

/**
 * A table cell. Its look comes from the paragraph styles Cell, CellHead and CellSub (styles.ts),
 * so runs carry formatting only where a cell differs: a large table stays small XML.
 */
function cell(
  c: Cell,
  width: number,
  align: Column['align'],
  header: boolean,
  zebra: boolean,
): TableCell {
  const s: CellSpec = typeof c === 'string' ? { text: c } : c;
  const alignment = align && align !== 'left' ? ALIGN[align] : undefined;
  const children: Paragraph[] = [
    new Paragraph({
      style: header ? 'CellHead' : 'Cell',
      alignment,
      children: s.chip
        ? [chip(s.text, s.chip)]
        : lines(s.text, {
            bold: s.bold,
            color: s.color,
            size: s.size,
            font: s.mono ? FONT_MONO : undefined,
          }),
    }),
  ];
  if (s.sub)
    children.push(new Paragraph({ style: 'CellSub', alignment, children: [new TextRun(s.sub)] }));
  const fill = s.fill ?? (header ? C.accentSoft : zebra ? C.zebra : undefined);
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    shading: fill ? { type: ShadingType.CLEAR, color: 'auto', fill } : undefined,
    children,
  });
}

/** A table of fixed column shares of the text width; the header row repeats on each page. */
export function grid(
  columns: Column[],
  rows: Cell[][],
  opts: { headless?: boolean; zebra?: boolean; width?: number } = {},
): Table {
  const width = opts.width ?? CONTENT_TWIPS.portrait;
  const total = columns.reduce((s, c) => s + c.share, 0);
  const widths = columns.map((c) => Math.floor((c.share / total) * width));
  const header = opts.headless
    ? []
    : [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: columns.map((c, i) => cell(c.header, widths[i] ?? 0, c.align, true, false)),
        }),
      ];
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: 50, bottom: 50, left: 80, right: 80 },
    borders: {
      top: NONE,
      left: NONE,
      right: NONE,
      insideVertical: NONE,
      bottom: RULE,
      insideHorizontal: RULE,
    },
    rows: [
      ...header,
      ...rows.map(
        (r, ri) =>
          new TableRow({
            cantSplit: true,
            children: r.map((c, i) =>
              cell(
                c,
                widths[i] ?? 0,
                columns[i]?.align,
                false,
                opts.zebra !== false && ri % 2 === 1,
              ),
            ),
          }),
      ),
    ],
  });
}

/**
 * Label/value rows as paragraphs on a tab stop (label bold and muted, the value wrapping under
 * itself with a hanging indent): it reads as a two-column list at a fraction of a table's XML.
 */
export function facts(rows: Array<[string, Cell]>): Paragraph[] {
  return rows.map(([k, v], i) => {
    const s: CellSpec = typeof v === 'string' ? { text: v } : v;
    const value = s.chip ? [chip(s.text, s.chip)] : lines(s.text, { bold: s.bold, color: s.color });
    const sub = s.sub ? [new TextRun({ text: s.sub, break: 1, size: 16, color: C.faint })] : [];
    return new Paragraph({
      style: 'Fact',
      tabStops: [{ type: TabStopType.LEFT, position: FACT_TAB }],
      keepNext: i < rows.length - 1,
      children: [
        new TextRun({ text: k, style: 'FactLabel' }),
        new TextRun({ children: [new Tab()] }),
        ...value,
        ...sub,
      ],
    });
  });
}

/** An empty paragraph of `after` twips, to separate a table from what follows. */
export const spacer = (after = 120): Paragraph =>
  new Paragraph({ spacing: { after, before: 0 }, children: [] });
