/** Findings and a retest's before / after, as DOCX (Heading2 per finding, as in the PDF). */
import { HeadingLevel, Paragraph, TextRun } from 'docx';
import type {
  ReportBeforeAfter,
  ReportFinding,
  ReportFindings,
} from '../../../model/report-model.js';
import { cap, CHANGE_COLOURS, findingLabel, hex6, linkedTestsLine } from '../../pdf/text.js';
import {
  chip,
  codeBox,
  facts,
  grid,
  label,
  small,
  spacer,
  type Block,
  type Cell,
} from '../blocks.js';
import { markdown } from '../markdown.js';
import { C } from '../styles.js';

function counts(f: ReportFindings): Block[] {
  const runs: TextRun[] = [];
  for (const s of f.bySeverity) {
    runs.push(chip(s.label, s.count > 0 ? (s.colour ?? '#868e96') : '#dee2e6'));
    runs.push(new TextRun({ text: ` ${s.count}     `, bold: true, size: 20 }));
  }
  const out: Block[] = [
    label('By severity'),
    new Paragraph({ spacing: { after: 120 }, children: runs }),
  ];
  if (f.byStatus.length > 0) {
    out.push(
      label('By status'),
      small(f.byStatus.map((s) => `${s.label}: ${s.count}`).join('   ·   ')),
    );
  }
  return out;
}

function index(items: readonly ReportFinding[]): Block {
  return grid(
    [
      { header: '#', share: 0.55 },
      { header: 'Finding', share: 4.2 },
      { header: 'Severity', share: 1.15 },
      { header: 'Status', share: 1.35 },
      { header: 'Owner', share: 1.6 },
      { header: 'Due', share: 1.05 },
    ],
    items.map((f) => [
      { text: `F-${f.number}`, bold: true, color: C.ink },
      { text: f.title, sub: f.techniques.map((t) => t.externalId).join(' · ') || null },
      { text: f.severity.label, chip: f.severity.colour },
      f.status,
      f.owner ?? '—',
      f.dueOn ?? '—',
    ]),
  );
}

function code(title: string, text: string | null): Block[] {
  if (!text) return [];
  const c = cap(text, 2_000, 40);
  return [label(title), ...codeBox(c.text, c.note)];
}

function finding(f: ReportFinding): Block[] {
  const rows: Array<[string, Cell]> = [
    ['Severity', { text: f.severity.label, chip: f.severity.colour }],
    ['Status', { text: f.status, bold: true, color: C.ink, sub: f.statusReason }],
    ['Owner', f.owner ?? '—'],
    ['Due', f.dueOn ?? '—'],
    ['Linked tests', linkedTestsLine(f) || '—'],
  ];
  if (f.gapReason) rows.push(['Gap reason', f.gapReason]);
  if (f.ticketUrl) rows.push(['Ticket', f.ticketUrl]);
  if (f.retestTests > 0) rows.push(['Retest', `${f.retestTests} retest test(s)`]);
  const techniques = f.techniques
    .map((t) => (t.name ? `${t.externalId} ${t.name}` : t.externalId))
    .join(' · ');
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(findingLabel(f))] }),
    ...(techniques
      ? [
          new Paragraph({
            children: [new TextRun({ text: techniques, bold: true, color: C.accent, size: 17 })],
          }),
        ]
      : []),
    ...facts(rows),
    ...(f.descriptionMd ? [label('Description'), ...markdown(f.descriptionMd)] : []),
    ...(f.recommendationMd ? [label('Recommendation'), ...markdown(f.recommendationMd)] : []),
    ...code('Sigma rule', f.sigmaRule),
    ...code('SIEM query', f.siemQuery),
    spacer(),
  ];
}

export function findings(f: ReportFindings): Block[] {
  if (f.items.length === 0) return [small('No finding was recorded for this mission.', true)];
  return [
    small(
      `${f.items.length} finding${f.items.length === 1 ? '' : 's'}: detection gaps with a recommendation, an owner and a status.`,
    ),
    ...counts(f),
    index(f.items),
    spacer(),
    ...f.items.flatMap(finding),
  ];
}

export function beforeAfter(b: ReportBeforeAfter | null): Block[] {
  if (!b) return [];
  const rate = (title: string, value: string, hint: string) =>
    new Paragraph({
      spacing: { after: 80 },
      children: [
        new TextRun({ text: `${title}  `, bold: true, size: 16, color: C.muted }),
        new TextRun({ text: value, bold: true, size: 36, color: C.ink }),
        new TextRun({ text: `   ${hint}`, size: 16, color: C.faint }),
      ],
    });
  return [
    new Paragraph({
      children: [
        new TextRun(
          `This mission retests “${b.before.name}”. Tests are paired by the retest link, else by library template; rates count the paired tests reviewed by blue. ` +
            `Findings of the original closed by this retest: ${b.findings.closed} of ${b.findings.total}.`,
        ),
      ],
    }),
    rate('DETECTION RATE BEFORE', b.detection.before, b.detection.beforeHint),
    rate('DETECTION RATE AFTER', b.detection.after, b.detection.afterHint),
    label('Tests before and after'),
    grid(
      [
        { header: 'Test', share: 4 },
        { header: 'Before', share: 2 },
        { header: 'After', share: 2 },
        { header: 'Change', share: 1.2 },
      ],
      b.tests.map((t) => [
        t.name,
        t.before,
        t.after,
        { text: t.change, bold: true, color: hex6(CHANGE_COLOURS[t.changeKey] ?? '#2c2e33') },
      ]),
    ),
    ...(b.tactics.length > 0
      ? [
          label('Detection rate by tactic'),
          grid(
            [
              { header: 'Tactic', share: 3 },
              { header: 'Before', share: 1, align: 'right' },
              { header: 'After', share: 1, align: 'right' },
            ],
            b.tactics.map((t) => [t.tactic, t.before, { text: t.after, bold: true, color: C.ink }]),
          ),
        ]
      : []),
    label(`Findings of the original mission (${b.findings.closed} of ${b.findings.total} closed)`),
    b.findings.items.length === 0
      ? small('The original mission has no finding.', true)
      : grid(
          [
            { header: 'Finding', share: 4 },
            { header: 'Severity', share: 1.2 },
            { header: 'Status', share: 1.5 },
          ],
          b.findings.items.map((f) => [f.title, f.severity, f.status]),
        ),
  ];
}
