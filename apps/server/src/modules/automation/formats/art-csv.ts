import { parse } from 'csv-parse/sync';
import { emptyFacts, instant, techniqueId, text, type ExecutionFacts } from '../facts.js';
import { FileRefused } from './attire.js';

/**
 * Invoke-AtomicRedTeam's default execution log (CSV): `Execution Time (UTC)`, `Execution Time
 * (Local)`, `Technique`, `Test Number`, `Test Name`, `Hostname`, `Username`, `GUID`, and in
 * newer versions `IP Address`, `ProcessId`, `ExitCode`. No command or output in this format.
 * Column names are matched ignoring case and spacing; other columns are ignored.
 */

const REQUIRED = ['executiontimeutc', 'technique', 'guid'] as const;
const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Does this text start like an Invoke-AtomicRedTeam CSV log (its header row)? */
export function looksLikeArtCsv(head: string): boolean {
  const first = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cols = first.split(',').map((c) => norm(c.replace(/"/g, '')));
  return REQUIRED.every((r) => cols.includes(r));
}

/** `M/D/YYYY h:mm:ss AM` (Windows PowerShell's default) as UTC, else ISO 8601. */
function utcTime(raw: string | null): Date | null {
  if (!raw) return null;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i.exec(raw);
  if (!us) return instant(raw);
  const [, mo, d, y, h, mi, s, ampm] = us;
  let hour = Number(h);
  if (ampm) hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  const date = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s)),
  );
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A cell a spreadsheet would run as a formula: kept as text (exports neutralise it), noted. */
const FORMULA = /^[=+@\t\r]|^-[^\d]/;

export function parseArtCsv(file: string, content: string): ExecutionFacts[] {
  let rows: string[][];
  try {
    rows = parse(content.replace(/^\uFEFF/, ''), {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    throw new FileRefused(`Not a readable CSV file: ${(err as Error).message.slice(0, 200)}`);
  }
  const [header, ...data] = rows;
  if (!header) throw new FileRefused('The CSV file is empty');
  const col = new Map(header.map((h, i) => [norm(h), i] as const));
  const missing = REQUIRED.filter((r) => !col.has(r));
  if (missing.length) {
    throw new FileRefused(
      `Not an Invoke-AtomicRedTeam CSV log: no ${missing.map((m) => JSON.stringify(m)).join(', ')} column`,
    );
  }
  const cell = (row: string[], key: string) => {
    const i = col.get(key);
    return i === undefined ? null : text(row[i]);
  };
  return data.map((row, i) => {
    const f = emptyFacts('art_csv', file, i + 1);
    const rawTechnique = cell(row, 'technique');
    f.techniqueId = techniqueId(rawTechnique);
    f.guid = cell(row, 'guid')?.toLowerCase() ?? null;
    f.name = cell(row, 'testname');
    f.host = cell(row, 'hostname');
    f.ip = cell(row, 'ipaddress');
    f.account = cell(row, 'username');
    f.source = 'Invoke-AtomicRedTeam';
    const utc = cell(row, 'executiontimeutc');
    f.executedAt = utcTime(utc);
    if (utc && !f.executedAt)
      f.notes.push(`Execution Time (UTC) ${JSON.stringify(utc.slice(0, 40))} is not a time`);
    const exit = cell(row, 'exitcode');
    if (exit !== null && /^-?\d+$/.test(exit))
      f.result = Number(exit) === 0 ? 'succeeded' : 'failed';
    const formulas = header.filter((_, c) => FORMULA.test(row[c] ?? ''));
    if (formulas.length) {
      f.notes.push(
        `Cells that look like spreadsheet formulas kept as text: ${formulas.join(', ')}`,
      );
    }
    if (!f.techniqueId) {
      f.fatal = rawTechnique
        ? `Technique ${JSON.stringify(rawTechnique.slice(0, 40))} is not a technique id (T1234 or T1234.001)`
        : 'The row has no technique id';
    }
    return f;
  });
}
