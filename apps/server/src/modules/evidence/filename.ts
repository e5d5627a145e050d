import { contentDisposition as disposition } from '../../platform/http/content-disposition.js';

const MAX_NAME = 255;
// C0/C1 controls, bidi overrides and isolates, zero-width joiners, BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * The uploaded name as kept for display: base name only (both separators), no control or
 * bidi characters, at most 255 characters (the extension kept). Never used in a path.
 */
export function cleanFilename(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  let name = base.replace(UNSAFE, '').trim();
  if (name === '.' || name === '..') name = '';
  if (name.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 11 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME - ext.length) + ext;
  }
  return name;
}

/** The lower-case extension (no dot) of a cleaned name, or '' when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  return name.slice(dot + 1).toLowerCase();
}

/** `Content-Disposition` with an ASCII fallback and the RFC 5987 UTF-8 name. */
export function contentDisposition(type: 'attachment' | 'inline', name: string): string {
  return disposition(type, name, { fallback: 'evidence' });
}
