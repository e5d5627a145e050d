import { describe, expect, it } from 'vitest';
import { fitXlsxCell, neutralise, XLSX_CELL_MAX, XLSX_TRUNCATED } from './cells.js';
import { toolLabels } from './columns.js';
import { asciiSlug, exportDisposition, unicodeSlug } from './filename.js';

describe('export cells', () => {
  it('prefixes formula triggers with a quote, nothing else', () => {
    for (const s of ["=cmd|' /C calc'!A0", '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
      expect(neutralise(s)).toBe(`'${s}`);
    }
    for (const s of ['plain', ' =x', "'already", '', 'a=b']) expect(neutralise(s)).toBe(s);
    expect(neutralise(3)).toBe(3);
    expect(neutralise(null)).toBeNull();
  });

  it('cuts text longer than an Excel cell, saying so', () => {
    const long = 'x'.repeat(XLSX_CELL_MAX + 10);
    const cut = fitXlsxCell(long) as string;
    expect(cut).toHaveLength(XLSX_CELL_MAX);
    expect(cut.endsWith(XLSX_TRUNCATED)).toBe(true);
    expect(fitXlsxCell('short')).toBe('short');
    // A surrogate pair across the cut is dropped whole, not split.
    const emoji = 'x'.repeat(XLSX_CELL_MAX - XLSX_TRUNCATED.length - 1) + '😀'.repeat(10);
    expect(fitXlsxCell(emoji)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('keeps tool column prefixes unique', () => {
    expect(toolLabels(['EDR', 'SIEM', 'edr', 'EDR'])).toEqual([
      'EDR',
      'SIEM',
      'edr (2)',
      'EDR (3)',
    ]);
  });

  it('slugs mission names for file names', () => {
    expect(asciiSlug('Été 2026 / Q1 "final"')).toBe('ete-2026-q1-final');
    expect(unicodeSlug('Été 2026 / Q1 "final"')).toBe('été-2026-q1-final');
    expect(asciiSlug('演習')).toBe('mission');
    expect(unicodeSlug('演習 α')).toBe('演習-α');
    expect(asciiSlug('../../etc/passwd\r\n')).toBe('etc-passwd');
    expect(asciiSlug('a'.repeat(200))).toHaveLength(80);
    expect(exportDisposition('演習', new Date('2026-12-07T23:59:00Z'), 'xlsx')).toBe(
      'attachment; filename="metamorph-mission-2026-12-07.xlsx"; ' +
        "filename*=UTF-8''metamorph-%E6%BC%94%E7%BF%92-2026-12-07.xlsx",
    );
  });
});
