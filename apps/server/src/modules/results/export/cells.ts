import type { Cell } from './columns.js';

/** Spreadsheet formula triggers (OWASP CSV injection): `=`, `+`, `-`, `@`, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would read as a formula gets a leading `'`, so `=cmd|' /C calc'!A0`
 * stays text. Numbers are left as numbers (the export has no negative ones).
 */
export function neutralise(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** The most characters Excel keeps in one cell. */
export const XLSX_CELL_MAX = 32_767;
export const XLSX_TRUNCATED = ' … [truncated: the CSV and JSON exports carry the full text]';

/** Text longer than an Excel cell holds is cut, saying so (Excel refuses the file otherwise). */
export function fitXlsxCell(cell: Cell): Cell {
  if (typeof cell !== 'string' || cell.length <= XLSX_CELL_MAX) return cell;
  let cut = XLSX_CELL_MAX - XLSX_TRUNCATED.length;
  // Never split a surrogate pair.
  const code = cell.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return cell.slice(0, cut) + XLSX_TRUNCATED;
}
