/**
 * What the deck picks out of the report model, as plain values: next steps from the executive
 * summary (markdown → plain bullets), the top detection gaps, the slowest detections. Pure
 * functions, no layout.
 */
import type { ReportModel, ReportTest } from '../../model/report-model.js';
import { duration } from '../../model/format.js';

export const TOP = 8;
const BULLET_MAX = 220;
const BULLETS_MAX = 10;

/** Markdown inline syntax removed: images, links (their text kept), emphasis, code ticks, HTML. */
export function plainInline(md: string): string {
  return md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(.+?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const NEXT_HEADING = /next steps?|recommendations?|actions?|way forward|priorit/i;

/** A bullet of the deck: its text and whether it sits under another (a nested list item). */
export interface Bullet {
  text: string;
  level: 0 | 1;
}

interface Block {
  heading: string | null;
  items: Bullet[];
  paragraphs: Bullet[];
}

/** The summary cut at its headings; each part's list items and paragraphs in plain text. */
function blocks(md: string): Block[] {
  const out: Block[] = [{ heading: null, items: [], paragraphs: [] }];
  let para: string[] = [];
  const flush = () => {
    if (para.length) {
      out[out.length - 1]!.paragraphs.push({ text: plainInline(para.join(' ')), level: 0 });
    }
    para = [];
  };
  let fenced = false;
  for (const line of md.split(/\r?\n/)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    const item = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (/^\s*(```|~~~)/.test(line)) {
      // Code blocks are left out: a slide bullet is prose.
      flush();
      fenced = !fenced;
    } else if (fenced) {
      continue;
    } else if (heading) {
      flush();
      out.push({ heading: plainInline(heading[1]!), items: [], paragraphs: [] });
    } else if (item) {
      flush();
      const level = item[1]!.replace(/\t/g, '    ').length >= 2 ? 1 : 0;
      out[out.length - 1]!.items.push({ text: plainInline(item[2]!), level });
    } else if (line.trim() === '' || /^\s*(>|\||---)/.test(line)) {
      flush();
    } else {
      para.push(line);
    }
  }
  flush();
  return out;
}

/**
 * Next steps: the parts of the executive summary under a "Next steps" / "Recommendations" /
 * "Actions" heading when there is one, else every list item, else its paragraphs — as plain
 * bullets, at most ten, each cut to a line or two.
 */
export function nextSteps(md: string | null): Bullet[] {
  if (!md) return [];
  const all = blocks(md);
  const under = all.filter((b) => b.heading && NEXT_HEADING.test(b.heading));
  const pick = (bs: Block[]) => bs.flatMap((b) => (b.items.length ? b.items : b.paragraphs));
  let bullets = pick(under);
  if (!bullets.length) bullets = all.flatMap((b) => b.items);
  if (!bullets.length) bullets = all.flatMap((b) => b.paragraphs);
  return bullets
    .filter((b) => b.text.length > 0)
    .slice(0, BULLETS_MAX)
    .map((b) => ({ ...b, text: cut(b.text, BULLET_MAX) }));
}

export interface GapTable {
  title: string;
  header: string[];
  rows: string[][];
  /** How many there are in all (the table shows the first eight). */
  total: number;
}

const OPEN = new Set(['Open', 'In progress', 'Retest failed']);
const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info'];

/**
 * The top detection gaps: the open findings, worst severity first, when the mission has any;
 * otherwise the tests that were reviewed without a detection (not detected before logged only),
 * in report order.
 */
export function detectionGaps(m: ReportModel): GapTable {
  const open = m.findings.items
    .filter((f) => OPEN.has(f.status))
    .sort(
      (a, b) =>
        SEVERITY_RANK.indexOf(a.severity.key) - SEVERITY_RANK.indexOf(b.severity.key) ||
        a.number - b.number,
    );
  if (open.length) {
    return {
      title: 'Top open findings',
      header: ['#', 'Finding', 'Severity', 'Status', 'Techniques', 'Owner'],
      rows: open
        .slice(0, TOP)
        .map((f) => [
          String(f.number),
          cut(f.title, 90),
          f.severity.label,
          f.status,
          f.techniques.map((t) => t.externalId).join(', '),
          f.owner ?? '—',
        ]),
      total: open.length,
    };
  }
  const countsAs = new Map(m.levels.map((l) => [l.label, l.countsAs]));
  const rank = (t: ReportTest) => (countsAs.get(t.level?.label ?? '') === 'none' ? 0 : 1);
  const gaps = m.tests
    .filter((t) => {
      const c = countsAs.get(t.level?.label ?? '');
      return c === 'none' || c === 'logged';
    })
    .map((t, i) => ({ t, i }))
    .sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i)
    .map(({ t }) => t);
  return {
    title: 'Top detection gaps',
    header: ['Test', 'Name', 'ATT&CK', 'Outcome', 'Why'],
    rows: gaps
      .slice(0, TOP)
      .map((t) => [
        t.number,
        cut(t.name, 80),
        t.attack.map((a) => a.externalId).join(', '),
        t.level?.label ?? '—',
        cut(t.gapReason ?? t.expectation ?? '—', 90),
      ]),
    total: gaps.length,
  };
}

/** Seconds from the attack's start to a tool's first alert or detection, per test. */
export function slowestDetections(m: ReportModel): string[][] {
  const rows: Array<{ s: number; row: string[] }> = [];
  for (const t of m.tests) {
    const start = t.attackStartedAt ?? t.executedAt;
    if (!start) continue;
    const hits = t.toolResults
      .filter((r) => r.detectedAt)
      .map((r) => ({ r, s: (r.detectedAt!.getTime() - start.getTime()) / 1000 }))
      .filter((x) => x.s >= 0)
      .sort((a, b) => a.s - b.s);
    const first = hits[0];
    if (!first) continue;
    rows.push({
      s: first.s,
      row: [t.number, cut(t.name, 70), first.r.toolName, duration(first.s)],
    });
  }
  return rows
    .sort((a, b) => b.s - a.s)
    .slice(0, TOP)
    .map((x) => x.row);
}
