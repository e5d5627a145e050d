import path from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { unsafeEntryName } from '../../../platform/zip-paths.js';
import { isSkippedPath, isYamlName, type AtomicsSourceFile } from './paths.js';
import { ATOMICS_MAX_FILE_BYTES } from './yaml.js';

export interface ZipLimits {
  /** Entries in the central directory (folders and non-YAML files count). */
  maxEntries: number;
  /** Inflated bytes of one entry, counted on the stream (not the declared size). */
  maxEntryBytes: number;
  /** Inflated bytes of all the entries read, together. */
  maxTotalBytes: number;
}

export const ZIP_DEFAULT_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 20_000,
  maxEntryBytes: ATOMICS_MAX_FILE_BYTES,
  maxTotalBytes: 300 * 1024 * 1024,
};

export { unsafeEntryName };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

type ReadOutcome =
  | { kind: 'ok'; content: Buffer }
  | { kind: 'entry-limit'; bytes: number }
  | { kind: 'total-limit'; bytes: number }
  | { kind: 'error'; bytes: number; error: string };

/** Reads one entry into memory, stopping as soon as a cap is passed. */
async function readEntry(
  zip: ZipFile,
  entry: Entry,
  maxEntryBytes: number,
  remainingTotal: number,
): Promise<ReadOutcome> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    return { kind: 'error', bytes: 0, error: message(err) };
  }
  return new Promise<ReadOutcome>((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (outcome: ReadOutcome) => {
      if (settled) return;
      settled = true;
      stream.removeAllListeners('data');
      stream.destroy();
      resolve(outcome);
    };
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxEntryBytes) settle({ kind: 'entry-limit', bytes });
      else if (bytes > remainingTotal) settle({ kind: 'total-limit', bytes });
      else chunks.push(chunk);
    });
    stream.on('error', (err) => settle({ kind: 'error', bytes, error: message(err) }));
    stream.on('end', () => settle({ kind: 'ok', content: Buffer.concat(chunks, bytes) }));
  });
}

/**
 * The `.yaml` / `.yml` entries of a zip, read in memory (never extracted), in the zip's order.
 * Names are the entries' paths; entries in skipped folders (see `isSkippedPath`) are left out.
 * Reported as error entries: unsafe names (absolute, `..`, backslash; never read), encrypted or
 * unsupported compression, a CRC mismatch, an entry over `maxEntryBytes`, a corrupt zip (then reading stops),
 * too many entries and the total over `maxTotalBytes` (then nothing more is read). Never throws.
 */
export async function* filesFromZip(
  zipPath: string,
  limits: Partial<ZipLimits> = {},
): AsyncGenerator<AtomicsSourceFile> {
  const lim: ZipLimits = { ...ZIP_DEFAULT_LIMITS, ...limits };
  const zipName = path.basename(zipPath);
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (err) {
    yield { name: zipName, error: `not a readable zip file: ${message(err)}` };
    return;
  }
  try {
    if (zip.entryCount > lim.maxEntries) {
      yield {
        name: zipName,
        error: `the zip has ${zip.entryCount} entries; the limit is ${lim.maxEntries}`,
      };
      return;
    }
    let total = 0;
    let seen = 0;
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await entries.next();
      } catch (err) {
        yield { name: zipName, error: `the zip is corrupt: ${message(err)}` };
        return;
      }
      if (next.done) return;
      const entry = next.value;
      if (++seen > lim.maxEntries) {
        yield { name: zipName, error: `the zip has over ${lim.maxEntries} entries` };
        return;
      }
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      );
      const unsafe = unsafeEntryName(name);
      if (unsafe !== null) {
        yield { name, error: `unsafe entry name (${unsafe}); not read` };
        continue;
      }
      if (name.endsWith('/') || !isYamlName(name) || isSkippedPath(name)) continue;
      if (entry.isEncrypted()) {
        yield { name, error: 'the entry is encrypted; not read' };
        continue;
      }
      if (!entry.canDecodeFileData()) {
        yield {
          name,
          error: `unsupported compression method ${entry.compressionMethod}; not read`,
        };
        continue;
      }
      const tooBig = `the entry is over ${lim.maxEntryBytes} bytes once inflated; not read`;
      if (entry.uncompressedSize > lim.maxEntryBytes) {
        yield { name, error: tooBig };
        continue;
      }
      const outcome = await readEntry(zip, entry, lim.maxEntryBytes, lim.maxTotalBytes - total);
      if (outcome.kind === 'ok') {
        total += outcome.content.length;
        // yauzl does not check CRCs: a damaged entry could inflate to different bytes.
        if (crc32(outcome.content) !== entry.crc32) {
          yield { name, error: 'the entry is damaged (CRC-32 mismatch); not read' };
        } else yield { name, content: outcome.content };
      } else if (outcome.kind === 'entry-limit') {
        total += outcome.bytes;
        yield { name, error: tooBig };
      } else if (outcome.kind === 'error') {
        total += outcome.bytes;
        yield { name, error: `the entry could not be read: ${outcome.error}` };
      } else {
        yield {
          name,
          error: `the zip inflates to over ${lim.maxTotalBytes} bytes; this and later entries not read`,
        };
        return;
      }
    }
  } finally {
    zip.close();
  }
}
