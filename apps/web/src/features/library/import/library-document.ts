import { LIBRARY_FORMAT } from '@metamorph/contract';

export type ReadDocument =
  | { ok: true; document: unknown; tests: number; scenarios: number }
  | { ok: false; message: string };

/**
 * Reads a picked file as a library document: valid JSON of the right format. The server
 * checks the rest (and names the problem with a 422).
 */
export function readLibraryDocument(text: string): ReadDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The file is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'The file is not a library document (not a JSON object).' };
  const record = value as Record<string, unknown>;
  if (record.format !== LIBRARY_FORMAT)
    return {
      ok: false,
      message: `The file is not a library document: its "format" is not "${LIBRARY_FORMAT}".`,
    };
  const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
  return {
    ok: true,
    document: value,
    tests: count(record.tests),
    scenarios: count(record.scenarios),
  };
}

/** The file name an export is saved under (like the server's content-disposition). */
export function exportFileName(exportedAt: string): string {
  return `metamorph-library-${exportedAt.slice(0, 10)}.json`;
}

/** Saves `value` as a JSON file through a temporary link (the browser's download). */
export function downloadJson(value: unknown, fileName: string): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
