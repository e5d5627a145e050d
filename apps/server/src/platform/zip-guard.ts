import yauzl from 'yauzl';
import { unsafeEntryName } from './zip-paths.js';

export interface ZipGuardCaps {
  maxEntries: number;
  /** Inflated bytes of all entries together: declared, then counted while inflating. */
  maxInflatedBytes: number;
}

/**
 * Inflates every entry of an in-memory zip once, counting bytes, before a library that reads
 * zips whole (exceljs, docx readers) is given it: too many entries, unsafe names, or more
 * inflated bytes than the cap — declared or real (yauzl checks real sizes against declared
 * ones) — answer the reason; null when the zip is within the caps.
 */
export async function zipOverCaps(buffer: Buffer, caps: ZipGuardCaps): Promise<string | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
  } catch (err) {
    return `not a readable zip (${(err as Error).message})`;
  }
  if (zip.entryCount > caps.maxEntries) {
    zip.close();
    return `${zip.entryCount} parts, more than ${caps.maxEntries}`;
  }
  let declared = 0;
  let inflated = 0;
  return new Promise<string | null>((resolve) => {
    const done = (reason: string | null) => {
      zip.close();
      resolve(reason);
    };
    zip.on('error', (err: Error) => done(`not a readable zip (${err.message})`));
    zip.on('end', () => done(null));
    zip.on('entry', (entry: yauzl.Entry) => {
      const unsafe = unsafeEntryName(entry.fileName);
      if (unsafe) return done(`a part's name is unsafe: ${unsafe}`);
      declared += entry.uncompressedSize;
      if (declared > caps.maxInflatedBytes) {
        return done(`it inflates to more than ${caps.maxInflatedBytes} bytes`);
      }
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err) return done(`not a readable zip (${err.message})`);
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > caps.maxInflatedBytes) {
            stream.destroy();
            done(`it inflates to more than ${caps.maxInflatedBytes} bytes`);
          }
        });
        stream.on('error', (e: Error) => done(`not a readable zip (${e.message})`));
        stream.on('end', () => zip.readEntry());
      });
    });
    zip.readEntry();
  });
}
