import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-made zip (tests only). */
export interface TestZipEntry {
  /** Stored as given (UTF-8 flag set), so unsafe names like `../evil.yaml` can be made. */
  name: string;
  data: Buffer | string;
  /** Deflate (default), store, or another method number (the data is then written as is). */
  method?: 'deflate' | 'store' | number;
  /** Sets the "encrypted" flag (the data is left as is: no real cipher). */
  encrypted?: boolean;
  /** The uncompressed size written in the headers, to make a lying entry. */
  declaredSize?: number;
}

/**
 * A minimal zip writer for tests: local headers, data, central directory, end record. No
 * zip64, no data descriptors, no extra fields.
 */
export function buildZip(entries: TestZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const method =
      e.method === 'store' ? 0 : e.method === undefined || e.method === 'deflate' ? 8 : e.method;
    const body = method === 8 ? deflateRawSync(data) : data;
    const flags = 0x800 | (e.encrypted ? 0x1 : 0);
    const crc = crc32(data);
    const size = e.declaredSize ?? data.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0, 12); // time, date
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk, internal attrs, external attrs: zero
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
