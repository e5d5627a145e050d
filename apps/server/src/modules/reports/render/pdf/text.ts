/**
 * Format-neutral wording and limits of the PDF and DOCX reports (shared with render/docx/), so
 * both say the same thing the same way.
 */
import { REPORT_SECTION_LABELS, type ReportSection } from '@metamorph/contract';
import type { ReportFinding, ReportTest } from '../../model/report-model.js';

/** Longest command shown; the rest is cut and the cut is said. */
export const COMMAND_CAP = 2_000;
/** Longest output shown (characters, and lines). */
export const OUTPUT_CAP = 4_000;
export const OUTPUT_LINE_CAP = 60;
/** Longest text-evidence preview shown. */
export const PREVIEW_CAP = 1_500;

export interface Capped {
  text: string;
  /** "Truncated: first 4,000 of 51,312 characters shown." or null. */
  note: string | null;
}

const num = (n: number): string => n.toLocaleString('en-US');

/** Cuts `text` at `chars` characters or `lines` lines, whichever comes first. */
export function cap(text: string, chars: number, lines = Number.POSITIVE_INFINITY): Capped {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  let cut = normalised.length > chars ? normalised.slice(0, chars) : normalised;
  const split = cut.split('\n');
  if (split.length > lines) cut = split.slice(0, lines).join('\n');
  if (cut.length === normalised.length) return { text: cut, note: null };
  const totalLines = normalised.split('\n').length;
  return {
    text: cut,
    note:
      `Truncated: first ${num(cut.length)} of ${num(normalised.length)} characters` +
      (totalLines > 1 ? ` (${num(cut.split('\n').length)} of ${num(totalLines)} lines)` : '') +
      ' shown; the full text is in the mission archive.',
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-03-02 14:05 UTC" — reports are read across time zones, so always UTC. */
export function formatDateTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`
  );
}

/** "14:05 – 14:08 UTC (3 min)" on one day, full times otherwise. */
export function attackWindow(t: Pick<ReportTest, 'attackStartedAt' | 'attackEndedAt'>): string {
  const { attackStartedAt: a, attackEndedAt: b } = t;
  if (!a && !b) return '—';
  if (!a || !b) return a ? `from ${formatDateTime(a)}` : `until ${formatDateTime(b)}`;
  const mins = Math.round((b.getTime() - a.getTime()) / 60_000);
  const sameDay = a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
  const end = sameDay ? `${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())} UTC` : formatDateTime(b);
  const start = formatDateTime(a).replace(' UTC', '');
  return `${start} – ${end} (${mins < 1 ? '< 1' : num(mins)} min)`;
}

export function formatDates(start: string | null, end: string | null): string {
  if (start && end) return start === end ? start : `${start} – ${end}`;
  return start ?? end ?? 'Dates not set';
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Per-tool facts: yes / no / tbd → Yes / No / TBD. */
export function tri(v: string): string {
  const k = v.toLowerCase();
  if (k === 'yes') return 'Yes';
  if (k === 'no') return 'No';
  if (k === 'tbd') return 'TBD';
  return v;
}

export const STATE_LABELS: Record<string, string> = {
  pending: 'Pending',
  executed: 'Executed',
  reviewed_by_blue: 'Reviewed by blue',
  skipped: 'Skipped',
  blocked: 'Could not run',
};
export const stateLabel = (s: string): string => STATE_LABELS[s] ?? s;

export const sectionTitle = (s: ReportSection): string => REPORT_SECTION_LABELS[s];

/** `#rrggbb` → [r, g, b]; anything unreadable is grey. */
export function rgb(hex: string | null | undefined): [number, number, number] {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex ?? '');
  if (!m?.[1]) return [0xad, 0xb5, 0xbd];
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

const lin = (c: number): number => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: [number, number, number]): number =>
  0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);

/** Text colour on a coloured fill: whichever of white or near-black contrasts more (WCAG). */
export function textOn(fill: string | null | undefined): string {
  const l = luminance(rgb(fill));
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance(rgb('#1a1b1e')) + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#1a1b1e';
}

/** Normalised `#rrggbb` (DOCX wants it without '#'). */
export function hex6(colour: string | null | undefined): string {
  return rgb(colour)
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('');
}

/** ATT&CK ids with names, "T1003.001 OS Credential Dumping: LSASS Memory · T1105 …". */
export const attackLine = (t: ReportTest): string =>
  t.attack.map((a) => (a.name ? `${a.externalId} ${a.name}` : a.externalId)).join(' · ');

export const REDACTION_NOTE =
  'Secrets were masked before this report was written: a masked value reads "[REDACTED:kind]". ' +
  'The evidence files themselves are unchanged; their SHA-256 digests identify them in the mission archive.';

export interface ScenarioGroup {
  /** 1-based position of the scenario in the report. */
  index: number;
  name: string;
  tests: ReportTest[];
}

/** Consecutive tests of one scenario, in report order. */
export function groupByScenario(tests: readonly ReportTest[]): ScenarioGroup[] {
  const groups: ScenarioGroup[] = [];
  for (const t of tests) {
    const last = groups[groups.length - 1];
    if (last && last.name === t.scenarioName) last.tests.push(t);
    else groups.push({ index: groups.length + 1, name: t.scenarioName, tests: [t] });
  }
  return groups;
}

/** The sections that carry a level-1 heading (all but the table of contents itself). */
export const HEADED_SECTIONS = [
  'executive_summary',
  'key_numbers',
  'charts',
  'heatmap',
  'tactics',
  'findings',
  'before_after',
  'tests',
  'evidence_manifest',
  'methodology',
] as const satisfies readonly ReportSection[];

/** "F-3  Title" (the findings' heading and TOC line). */
export const findingLabel = (f: Pick<ReportFinding, 'number' | 'title'>): string =>
  `F-${f.number}  ${f.title}`;

/** "1.2 Name · Other test (not in this report)". */
export const linkedTestsLine = (f: Pick<ReportFinding, 'tests'>): string =>
  f.tests
    .map((t) => (t.number ? `${t.number} ${t.name}` : `${t.name} (not in this report)`))
    .join(' · ');

/** Colour of a before / after change. */
export const CHANGE_COLOURS: Record<string, string> = {
  improved: '#2b8a3e',
  regressed: '#c92a2a',
  unchanged: '#5c5f66',
  pending: '#868e96',
  added: '#1c5fb0',
  dropped: '#868e96',
};
