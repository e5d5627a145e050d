import type { Readable } from 'node:stream';
import type { Entry } from 'yauzl';
import { ArchiveRefused, overRatio, type ArchiveCaps, type CheckedZip } from './zip-check.js';

/** What is left of the inflated-bytes budget of one import (shared by all its entries). */
export interface InflateBudget {
  left: number;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The inflated bytes of one entry, counted as they arrive (declared sizes are not trusted): the
 * stream stops and the archive is refused past the entry's declared size, past the import's
 * remaining budget, or past the compression-ratio cap; a damaged or truncated entry refuses it too.
 */
export async function* inflateEntry(
  checked: CheckedZip,
  name: string,
  entry: Entry,
  budget: InflateBudget,
  caps: ArchiveCaps,
): AsyncGenerator<Buffer> {
  let stream: Readable;
  try {
    stream = await checked.zip.openReadStreamPromise(entry);
  } catch (err) {
    throw new ArchiveRefused(`the entry ${name} cannot be read (${message(err)})`);
  }
  let count = 0;
  try {
    const chunks = stream[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = (await chunks.next()) as IteratorResult<Buffer>;
      } catch (err) {
        throw new ArchiveRefused(`the entry ${name} is damaged or truncated (${message(err)})`);
      }
      if (next.done) break;
      const chunk = next.value;
      count += chunk.length;
      if (count > entry.uncompressedSize) {
        throw new ArchiveRefused(`the entry ${name} inflates to more bytes than it declares`);
      }
      if (count > budget.left) {
        throw new ArchiveRefused(
          `its entries inflate to over ${caps.maxUncompressedBytes} bytes (ARCHIVE_MAX_UNCOMPRESSED_BYTES)`,
        );
      }
      if (overRatio(caps, count, entry.compressedSize)) {
        throw new ArchiveRefused(
          `the entry ${name} inflates past ${caps.maxCompressionRatio}:1 (a compression bomb)`,
        );
      }
      yield chunk;
    }
    if (count !== entry.uncompressedSize) {
      throw new ArchiveRefused(
        `the entry ${name} is truncated (${count} of ${entry.uncompressedSize} bytes)`,
      );
    }
    budget.left -= count;
  } finally {
    stream.destroy();
  }
}

/** A whole (small) entry in memory: the manifest. */
export async function readEntryBytes(
  checked: CheckedZip,
  name: string,
  entry: Entry,
  budget: InflateBudget,
  caps: ArchiveCaps,
  maxBytes: number,
): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) {
    throw new ArchiveRefused(`${name} is over ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of inflateEntry(checked, name, entry, budget, caps)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
