import { PassThrough, Readable } from 'node:stream';
import { ARCHIVE_MANIFEST_PATH, type ArchiveManifest } from '@metamorph/contract';
import yazl from 'yazl';
import type { EvidenceKey, EvidenceStore } from '../../../platform/blob/evidence-store.js';

/** One evidence file of the archive: where its bytes are, and how big they are. */
export interface ArchiveFile {
  path: string;
  key: EvidenceKey;
  size: number;
  mime: string;
  mtime: Date;
}

/**
 * Deflating these gains nothing and costs the most CPU: they are stored (`compress: false`).
 * Everything else (logs, JSON, CSV, captures) is deflated.
 */
const STORED_MIME = /^(image\/(png|jpeg|gif|webp)|application\/(zip|gzip|pdf|x-7z-compressed))$/;

const none = (): Readable => Readable.from([]);

export const storeUncompressed = (mime: string): boolean => STORED_MIME.test(mime);

/**
 * The archive as a stream: `manifest.json` first, then each file read from the evidence store
 * only when the zip gets to it (one open file at a time). A store error ends the stream with it.
 */
export function archiveStream(
  manifest: ArchiveManifest,
  files: readonly ArchiveFile[],
  store: EvidenceStore,
  exportedAt: Date,
): Readable {
  const zip = new yazl.ZipFile();
  const out = new PassThrough();
  zip.on('error', (err: Error) => out.destroy(err));
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), ARCHIVE_MANIFEST_PATH, {
    mtime: exportedAt,
    compress: true,
  });
  for (const f of files) {
    zip.addReadStreamLazy(
      f.path,
      { mtime: f.mtime, size: f.size, compress: !storeUncompressed(f.mime) },
      (cb) => {
        store.open(f.key).then(
          (stored) => {
            if (!stored) cb(new Error(`evidence file ${f.path} is missing from the store`), none());
            else cb(null, stored.stream);
          },
          (err: unknown) => cb(err, none()),
        );
      },
    );
  }
  zip.end();
  zip.outputStream.pipe(out);
  return out;
}
