/**
 * Per-test detail as DOCX: Heading2 per scenario, Heading3 per test (number + name), facts with
 * the detection level's colour chip, command and output boxes (capped, the cut said), per-tool
 * results, comments, expected vs actual, and captioned evidence thumbnails.
 */
import {
  AlignmentType,
  BorderStyle,
  HeadingLevel,
  ImageRun,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ReportEvidence, ReportModel, ReportTest } from '../../../model/report-model.js';
import {
  attackLine,
  attackWindow,
  cap,
  COMMAND_CAP,
  formatBytes,
  formatDateTime,
  groupByScenario,
  OUTPUT_CAP,
  OUTPUT_LINE_CAP,
  PREVIEW_CAP,
  stateLabel,
  tri,
} from '../../pdf/text.js';
import { codeBox, facts, grid, label, small, spacer, type Block, type Cell } from '../blocks.js';
import { markdown } from '../markdown.js';
import { C, CONTENT_PX, CONTENT_TWIPS } from '../styles.js';

type Progress = (done: number, total: number) => Promise<void> | void;

const triCell = (v: string): Cell => {
  const t = tri(v);
  return {
    text: t,
    bold: t === 'Yes',
    color: t === 'Yes' ? '2B8A3E' : t === 'TBD' ? C.faint : C.body,
  };
};

function factRows(t: ReportTest): Array<[string, Cell]> {
  const rows: Array<[string, Cell]> = [
    ['State', stateLabel(t.state)],
    ['Execution result', t.executionResult ?? '—'],
    ['Attack window', attackWindow(t)],
    ['Executed at', formatDateTime(t.executedAt)],
    [
      'Detection level',
      t.level ? { text: t.level.label, chip: t.level.colour } : 'No outcome recorded',
    ],
  ];
  if (t.overrideReason) rows.push(['Override reason', t.overrideReason]);
  if (t.expectation || t.expectedSummary) {
    rows.push([
      'Expected vs actual',
      {
        text: t.expectation ?? 'Not assessed',
        bold: true,
        color: C.ink,
        sub: t.expectedSummary ? `Expected: ${t.expectedSummary}` : null,
      },
    ]);
  }
  if (t.gapReason) rows.push(['Gap reason', t.gapReason]);
  return rows;
}

function tools(t: ReportTest): Block[] {
  if (t.toolResults.length === 0) return [];
  return [
    label('Per-tool results'),
    grid(
      [
        { header: 'Defence tool', share: 2.1 },
        { header: 'Prevented', share: 1.3, align: 'center' },
        { header: 'Alerted', share: 1.1, align: 'center' },
        { header: 'Logged', share: 1.05, align: 'center' },
        { header: 'Rule / alert', share: 2.3 },
        { header: 'Detected at', share: 1.55 },
        { header: 'Note', share: 2.4 },
      ],
      t.toolResults.map((r) => [
        { text: r.toolName, bold: true, color: C.ink, sub: r.layer },
        triCell(r.prevented),
        triCell(r.alerted),
        triCell(r.logged),
        r.ruleName ?? '—',
        formatDateTime(r.detectedAt),
        cap(r.note ?? '—', 400).text,
      ]),
    ),
  ];
}

const NONE = { style: BorderStyle.NONE, size: 0, color: 'auto' } as const;
const caption = (t: ReportTest, n: number, e: ReportEvidence): Paragraph[] => [
  new Paragraph({
    style: 'Caption',
    keepLines: true,
    children: [new TextRun(`Figure ${t.number}.${n} — ${e.caption ?? e.fileName}`)],
  }),
  new Paragraph({
    spacing: { after: 120 },
    children: [
      new TextRun({
        text: `${e.fileName} · ${e.side} · ${formatBytes(e.sizeBytes)} · SHA-256 ${e.sha256.slice(0, 16)}…`,
        size: 14,
        color: C.faint,
      }),
    ],
  }),
];

/** Images two to a row in a borderless table; each thumbnail is fetched as it is placed. */
async function images(t: ReportTest, list: Array<[number, ReportEvidence]>): Promise<Block[]> {
  const colPx = Math.floor(CONTENT_PX / 2) - 12;
  const colTw = Math.floor(CONTENT_TWIPS.portrait / 2);
  const rows: TableRow[] = [];
  for (let i = 0; i < list.length; i += 2) {
    const cells: TableCell[] = [];
    for (const [n, e] of list.slice(i, i + 2)) {
      const img = await e.thumbnail();
      const scale = img ? Math.min(colPx / img.width, 250 / img.height, 1) : 1;
      const picture = img
        ? [
            new Paragraph({
              alignment: AlignmentType.LEFT,
              spacing: { after: 40 },
              children: [
                new ImageRun({
                  type: 'jpg',
                  data: img.jpeg,
                  transformation: {
                    width: Math.round(img.width * scale),
                    height: Math.round(img.height * scale),
                  },
                  altText: {
                    name: e.fileName,
                    title: e.caption ?? e.fileName,
                    description: e.caption ?? e.fileName,
                  },
                }),
              ],
            }),
          ]
        : [];
      cells.push(
        new TableCell({
          width: { size: colTw, type: WidthType.DXA },
          children: [...picture, ...caption(t, n, e)],
        }),
      );
    }
    while (cells.length < 2)
      cells.push(
        new TableCell({
          width: { size: colTw, type: WidthType.DXA },
          children: [new Paragraph({ children: [] })],
        }),
      );
    rows.push(new TableRow({ cantSplit: true, children: cells }));
  }
  if (rows.length === 0) return [];
  return [
    new Table({
      width: { size: colTw * 2, type: WidthType.DXA },
      columnWidths: [colTw, colTw],
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
  ];
}

async function evidence(t: ReportTest): Promise<Block[]> {
  if (t.evidence.length === 0) return [];
  const numbered = t.evidence.map((e, i): [number, ReportEvidence] => [i + 1, e]);
  const out: Block[] = [
    label('Evidence'),
    ...(await images(
      t,
      numbered.filter(([, e]) => e.isImage),
    )),
  ];
  for (const [n, e] of numbered.filter(([, ev]) => !ev.isImage)) {
    out.push(...caption(t, n, e));
    const preview = await e.textPreview();
    if (preview) {
      const c = cap(preview, PREVIEW_CAP, 30);
      out.push(...codeBox(c.text, c.note));
    }
  }
  return out;
}

function code(title: string, text: string | null, chars: number, maxLines?: number): Block[] {
  if (!text) return [];
  const c = cap(text, chars, maxLines);
  return [label(title), ...codeBox(c.text, c.note)];
}

const comment = (title: string, md: string | null): Block[] =>
  md?.trim() ? [label(title), ...markdown(md, 19)] : [];

async function test(t: ReportTest): Promise<Block[]> {
  const attack = attackLine(t);
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_3,
      children: [new TextRun(`${t.number}  ${t.name}`)],
    }),
    ...(attack
      ? [
          new Paragraph({
            children: [new TextRun({ text: attack, bold: true, size: 17, color: C.accent })],
          }),
        ]
      : []),
    ...facts(factRows(t)),
    ...(t.objective
      ? [
          label('Objective'),
          new Paragraph({ children: [new TextRun({ text: t.objective, size: 19 })] }),
        ]
      : []),
    ...(t.procedureMd?.trim() ? [label('Procedure'), ...markdown(t.procedureMd, 19)] : []),
    ...code('Command', t.command, COMMAND_CAP),
    ...code('Output', t.output, OUTPUT_CAP, OUTPUT_LINE_CAP),
    ...tools(t),
    ...comment('Red comment', t.redCommentMd),
    ...comment('Blue comment', t.blueCommentMd),
    ...(await evidence(t)),
    spacer(80),
  ];
}

export async function tests(model: ReportModel, progress: Progress): Promise<Block[]> {
  const total = model.tests.length;
  if (total === 0) return [small('No test is included in this report.', true)];
  const out: Block[] = [];
  let done = 0;
  for (const g of groupByScenario(model.tests)) {
    out.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        pageBreakBefore: done > 0,
        children: [new TextRun(g.name)],
      }),
      small(`${g.tests.length} test${g.tests.length === 1 ? '' : 's'} in this scenario.`),
    );
    for (const t of g.tests) {
      out.push(...(await test(t)));
      done++;
      await progress(done, total);
    }
  }
  return out;
}
