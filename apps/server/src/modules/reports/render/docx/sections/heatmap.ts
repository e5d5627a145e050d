/**
 * The ATT&CK heat map as tables on a landscape section: tactic columns (at most 8 a band),
 * one shaded cell per tested technique, its label in a colour that reads on the fill.
 */
import {
  AlignmentType,
  BorderStyle,
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
import type { ReportHeatmap } from '../../../model/report-model.js';
import { hex6, textOn } from '../../pdf/text.js';
import { small, spacer, type Block } from '../blocks.js';
import { C, CONTENT_TWIPS } from '../styles.js';

const PER_BAND = 8;
const NO_OUTCOME = '#e9ecef';
const WHITE = { style: BorderStyle.SINGLE, size: 18, color: 'FFFFFF' } as const;
const BORDERS = { top: WHITE, bottom: WHITE, left: WHITE, right: WHITE };

type HeatCell = ReportHeatmap['columns'][number]['cells'][number];

function techCell(c: HeatCell | undefined, width: number): TableCell {
  if (!c)
    return new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: BORDERS,
      children: [new Paragraph({ children: [] })],
    });
  const fill = c.colour ?? NO_OUTCOME;
  const ink = hex6(textOn(fill));
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: BORDERS,
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: hex6(fill) },
    margins: { top: 40, bottom: 40, left: 70, right: 70 },
    children: [
      new Paragraph({
        spacing: { after: 0 },
        children: [
          new TextRun({ text: c.externalId, bold: true, size: 15, color: ink }),
          new TextRun({ text: `  ${c.fraction}`, bold: true, size: 15, color: ink }),
        ],
      }),
      new Paragraph({
        spacing: { after: 0, line: 228, lineRule: LineRuleType.AUTO },
        children: [new TextRun({ text: c.name, size: 13, color: ink })],
      }),
    ],
  });
}

function band(cols: ReportHeatmap['columns']): Table {
  const width = Math.floor(CONTENT_TWIPS.landscape / PER_BAND);
  const depth = Math.max(...cols.map((c) => c.cells.length));
  const header = new TableRow({
    tableHeader: true,
    children: cols.map(
      (col) =>
        new TableCell({
          width: { size: width, type: WidthType.DXA },
          borders: BORDERS,
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: '343A40' },
          margins: { top: 40, bottom: 40, left: 60, right: 60 },
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              spacing: { after: 0 },
              children: [new TextRun({ text: col.tactic, bold: true, size: 15, color: 'FFFFFF' })],
            }),
          ],
        }),
    ),
  });
  const rows = Array.from(
    { length: depth },
    (_, r) =>
      new TableRow({ cantSplit: true, children: cols.map((col) => techCell(col.cells[r], width)) }),
  );
  return new Table({
    width: { size: width * cols.length, type: WidthType.DXA },
    columnWidths: cols.map(() => width),
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
  });
}

const RULE_TEXT: Record<ReportHeatmap['rule'], string> = {
  worst: 'a technique shows the worst outcome of its tests',
  best: 'a technique shows the best outcome of its tests',
  latest: 'a technique shows the outcome of its latest test',
};

export function heatmap(map: ReportHeatmap): Block[] {
  const legend = new Paragraph({
    spacing: { after: 60 },
    children: map.legend.flatMap((l) => [
      new TextRun({ text: '■ ', color: hex6(l.colour), size: 22 }),
      new TextRun({ text: `${l.label}     `, size: 16, color: C.muted }),
    ]),
  });
  const out: Block[] = [
    legend,
    small(`Cell colour: ${RULE_TEXT[map.rule]}. Fraction: procedures detected / procedures run.`),
  ];
  if (map.columns.length === 0) return [...out, small('No technique has been tested yet.', true)];
  for (let i = 0; i < map.columns.length; i += PER_BAND) {
    out.push(band(map.columns.slice(i, i + PER_BAND)), spacer(200));
  }
  return out;
}
