import type { EvidenceKey, EvidenceStore } from '../../../platform/blob/evidence-store.js';
import type { ThumbnailCache } from '../../../platform/thumbnails/cache.js';
import {
  ensureThumbnail,
  isThumbnailMime,
  thumbnailOf,
} from '../../../platform/thumbnails/make.js';
import type { ResultEvidenceRow } from '../../results/index.js';
import type { Redactor } from '../redaction/redactor.js';
import type { ReportEvidence } from './report-model.js';

const TEXT_MIMES = new Set(['application/json', 'application/xml']);
/** How much of a text file the preview reads, and how many lines it keeps. */
const PREVIEW_BYTES = 4096;
const PREVIEW_LINES = 40;

export const isTextMime = (mime: string): boolean =>
  mime.startsWith('text/') || TEXT_MIMES.has(mime);

export interface EvidenceDeps {
  store: EvidenceStore;
  /** Thumbnails by SHA-256 (platform/thumbnails): most were made when the file was uploaded. */
  cache: ThumbnailCache;
  redactor: Redactor;
}

/** The first lines of a text file (at most PREVIEW_BYTES read), as stored. */
export async function readTextHead(store: EvidenceStore, key: EvidenceKey): Promise<string | null> {
  const stored = await store.open(key);
  if (!stored) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stored.stream) {
      const b = chunk as Buffer;
      chunks.push(b);
      size += b.length;
      if (size >= PREVIEW_BYTES) break;
    }
  } finally {
    stored.stream.destroy();
  }
  const head = Buffer.concat(chunks).subarray(0, PREVIEW_BYTES);
  // A multi-byte character cut at the end decodes as U+FFFD: drop it.
  const lines = head
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
    .split(/\r?\n/);
  const cut = lines.length > PREVIEW_LINES || stored.size > PREVIEW_BYTES;
  const text = lines.slice(0, PREVIEW_LINES).join('\n').replace(/\0/g, '');
  return cut ? `${text}\n…` : text;
}

async function readTextPreview(deps: EvidenceDeps, key: EvidenceKey): Promise<string | null> {
  const text = await readTextHead(deps.store, key);
  return text === null ? null : deps.redactor.redact(text).text;
}

/** An evidence row as the renderers see it: metadata now, bytes one file at a time on demand. */
export function reportEvidence(
  deps: EvidenceDeps,
  missionId: string,
  testId: string,
  e: ResultEvidenceRow,
): ReportEvidence {
  const key: EvidenceKey = { missionId, testId, sha256: e.sha256, ext: e.ext };
  const image = isThumbnailMime(e.mime);
  const text = isTextMime(e.mime);
  return {
    id: e.id,
    fileName: e.originalFilename,
    caption: deps.redactor.text(e.caption),
    side: e.side,
    mime: e.mime,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    isImage: image,
    thumbnail: () =>
      image ? thumbnailOf(deps.store, deps.cache, key, 'report') : Promise.resolve(null),
    warmThumbnail: () =>
      image ? ensureThumbnail(deps.store, deps.cache, key, 'report') : Promise.resolve(),
    textPreview: () => (text ? readTextPreview(deps, key) : Promise.resolve(null)),
  };
}
