import { describe, expect, it } from 'vitest';
import { exportFileName, readLibraryDocument } from './library-document';

describe('library document file', () => {
  it('reads a document and counts its templates', () => {
    const text = JSON.stringify({
      format: 'metamorph.library',
      format_version: 1,
      tests: [{}, {}],
      scenarios: [{}],
    });
    expect(readLibraryDocument(text)).toMatchObject({ ok: true, tests: 2, scenarios: 1 });
  });

  it('refuses what is not JSON or not a library document', () => {
    expect(readLibraryDocument('{nope')).toEqual({
      ok: false,
      message: 'The file is not valid JSON.',
    });
    expect(readLibraryDocument('[]').ok).toBe(false);
    expect(readLibraryDocument('{"format":"other"}')).toMatchObject({ ok: false });
  });

  it('names the export file by date', () => {
    expect(exportFileName('2026-11-29T17:00:00.000Z')).toBe('metamorph-library-2026-11-29.json');
  });
});
