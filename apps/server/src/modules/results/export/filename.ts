import type { MissionExportFormat } from '@metamorph/contract';
import { contentDisposition } from '../../../platform/http/content-disposition.js';

const SLUG_MAX = 80;

/** Lower-case words joined by `-` (at most 80 characters): `separator` splits them. */
function slug(text: string, separator: RegExp): string {
  const joined = text.normalize('NFKC').toLowerCase().split(separator).filter(Boolean).join('-');
  return Array.from(joined).slice(0, SLUG_MAX).join('').replace(/-+$/, '');
}

/** `Été 2026 / Q1` → `ete-2026-q1` (accents dropped, anything else a separator). */
export function asciiSlug(name: string): string {
  const plain = name.normalize('NFKD').replace(/\p{M}/gu, '');
  return slug(plain, /[^a-z0-9]+/) || 'mission';
}

/** `Été 2026 / Q1` → `été-2026-q1`: the letters and digits of any script kept. */
export function unicodeSlug(name: string): string {
  return slug(name, /[^\p{L}\p{N}]+/u) || 'mission';
}

/** `metamorph-<mission-slug>-YYYY-MM-DD.<format>`, the date (UTC) of the export. */
export function exportFileName(
  missionName: string,
  at: Date,
  format: MissionExportFormat,
  slugOf: (name: string) => string = asciiSlug,
): string {
  return `metamorph-${slugOf(missionName)}-${at.toISOString().slice(0, 10)}.${format}`;
}

/** The attachment header: the ASCII slug as `filename`, the Unicode one as `filename*`. */
export function exportDisposition(
  missionName: string,
  at: Date,
  format: MissionExportFormat,
): string {
  return contentDisposition('attachment', exportFileName(missionName, at, format, unicodeSlug), {
    ascii: exportFileName(missionName, at, format, asciiSlug),
  });
}
