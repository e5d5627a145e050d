import type { Cell, Row } from './types.js';

function show(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '—';
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell.toLocaleString('en-US') : '—';
  return String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function isNumeric(rows: readonly Row[], column: string): boolean {
  return rows.some((r) => typeof r[column] === 'number');
}

/** A GitHub-flavoured markdown table; numeric columns are right-aligned and padded. */
export function markdownTable(columns: readonly string[], rows: readonly Row[]): string {
  const cells = rows.map((r) => columns.map((c) => show(r[c])));
  const widths = columns.map((c, i) =>
    Math.max(3, c.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const right = columns.map((c) => isNumeric(rows, c));
  const pad = (text: string, i: number): string =>
    right[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
  const line = (parts: string[]): string => `| ${parts.join(' | ')} |`;
  const rule = widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [
    line(columns.map((c, i) => pad(c, i))),
    line(rule),
    ...cells.map((row) => line(row.map((text, i) => pad(text, i)))),
  ].join('\n');
}
