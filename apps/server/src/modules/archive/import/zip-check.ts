import { ARCHIVE_LIMITS } from '@metamorph/contract';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { PermanentJobError } from '../../../platform/jobs/types.js';
import { unsafeEntryName } from '../../../platform/zip-paths.js';

/** Why an archive is refused; the message is the job's error, shown to the importer as is. */
export class ArchiveRefused extends PermanentJobError {
  constructor(reason: string) {
    super(`The archive was refused: ${reason}. Nothing was imported.`);
    this.name = 'ArchiveRefused';
  }
}

export interface ArchiveCaps {
  maxEntries: number;
  /** Inflated bytes of all the entries together (declared and counted). */
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
  /** The ratio is only checked for entries inflating to more than this. */
  ratioFloorBytes: number;
}

export const archiveCaps = (maxUncompressedBytes: number): ArchiveCaps => ({
  maxEntries: ARCHIVE_LIMITS.maxEntries,
  maxUncompressedBytes,
  maxCompressionRatio: ARCHIVE_LIMITS.maxCompressionRatio,
  ratioFloorBytes: ARCHIVE_LIMITS.ratioFloorBytes,
});

/** A zip whose central directory passed every check; entries by name, files only. */
export interface CheckedZip {
  zip: ZipFile;
  files: ReadonlyMap<string, Entry>;
  close(): void;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Over the ratio cap (a compression bomb): `inflated` bytes from `stored` bytes. */
export function overRatio(caps: ArchiveCaps, inflated: number, stored: number): boolean {
  return (
    inflated > caps.ratioFloorBytes && inflated > caps.maxCompressionRatio * Math.max(stored, 1)
  );
}

/** The only folder entry an archive may hold (zip tools add one). */
const ALLOWED_DIRS = new Set(['evidence/']);

/**
 * Opens an uploaded archive and checks its central directory before a byte is inflated: entry
 * count, names (zip-slip: absolute, `..`, backslash, NUL), duplicates, encryption, compression
 * method, declared sizes against the caps and the compression ratio. Refuses with ArchiveRefused.
 */
export async function openCheckedZip(file: string, caps: ArchiveCaps): Promise<CheckedZip> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    throw new ArchiveRefused(`it is not a readable zip file (${message(err)})`);
  }
  try {
    if (zip.entryCount > caps.maxEntries) {
      throw new ArchiveRefused(`it has ${zip.entryCount} entries; the limit is ${caps.maxEntries}`);
    }
    const files = new Map<string, Entry>();
    const dirs = new Set<string>();
    let declared = 0;
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (err) {
        throw new ArchiveRefused(`the zip is corrupt or truncated (${message(err)})`);
      }
      if (next.done) break;
      const entry = next.value;
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        // Strict: backslashes are kept (and refused below), not turned into slashes.
        true,
      );
      const unsafe = unsafeEntryName(name);
      if (unsafe !== null)
        throw new ArchiveRefused(`the entry ${JSON.stringify(name)} is unsafe: ${unsafe}`);
      if (files.has(name) || dirs.has(name)) {
        throw new ArchiveRefused(`the entry ${JSON.stringify(name)} appears more than once`);
      }
      if (name.endsWith('/')) {
        if (!ALLOWED_DIRS.has(name))
          throw new ArchiveRefused(`the folder ${JSON.stringify(name)} is not part of the format`);
        dirs.add(name);
        continue;
      }
      if (entry.isEncrypted()) throw new ArchiveRefused(`the entry ${name} is encrypted`);
      if (!entry.canDecodeFileData()) {
        throw new ArchiveRefused(
          `the entry ${name} uses compression method ${entry.compressionMethod} (only stored and deflate are read)`,
        );
      }
      declared += entry.uncompressedSize;
      if (declared > caps.maxUncompressedBytes) {
        throw new ArchiveRefused(
          `its entries inflate to over ${caps.maxUncompressedBytes} bytes (ARCHIVE_MAX_UNCOMPRESSED_BYTES)`,
        );
      }
      if (overRatio(caps, entry.uncompressedSize, entry.compressedSize)) {
        throw new ArchiveRefused(
          `the entry ${name} inflates ${entry.compressedSize} bytes to ${entry.uncompressedSize} (over ${caps.maxCompressionRatio}:1, a compression bomb)`,
        );
      }
      files.set(name, entry);
    }
    return { zip, files, close: () => zip.close() };
  } catch (err) {
    zip.close();
    throw err;
  }
}
