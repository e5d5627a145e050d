import { randomUUID } from 'node:crypto';
import type { ArchiveManifest } from '@metamorph/contract';
import { sha256 } from '../evidence/test-evidence.js';
import { manifestOf, unzip, zipOf, type ZipEntry } from './test-archive.js';

/** An archive taken apart: its manifest (to edit) and its other files (to edit, drop, add). */
export interface Parts {
  manifest: ArchiveManifest;
  files: Map<string, Buffer>;
  /** Entries stored rather than deflated. */
  stored: Set<string>;
}

export async function partsOf(archive: Buffer): Promise<Parts> {
  const files = await unzip(archive);
  files.delete('manifest.json');
  return { manifest: await manifestOf(archive), files, stored: new Set() };
}

/** Zips the parts again: the manifest first, then the files, then `extra` entries as given. */
export function assemble(p: Parts, extra: ZipEntry[] = []): Promise<Buffer> {
  return zipOf([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(p.manifest)) },
    ...[...p.files].map(([name, data]) => ({ name, data, compress: !p.stored.has(name) })),
    ...extra,
  ]);
}

/** Lists `data` as new red evidence of the first test and adds its file. */
export function addEvidence(p: Parts, data: Buffer, opts: { compress: boolean }): string {
  const sha = sha256(data);
  const first = p.manifest.tests[0];
  if (!first) throw new Error('no test to attach evidence to');
  const path = `evidence/${sha}`;
  p.manifest.evidence.push({
    id: randomUUID(),
    test_id: first.id,
    side: 'red',
    caption: null,
    filename: 'big.bin',
    ext: '.txt',
    mime: 'text/plain',
    size_bytes: data.length,
    sha256: sha,
    path,
    uploaded_by: null,
    uploaded_at: '2026-03-01T09:00:00.000Z',
    created_at: '2026-03-01T09:00:00.000Z',
    updated_at: '2026-03-01T09:00:00.000Z',
  });
  p.files.set(path, data);
  if (!opts.compress) p.stored.add(path);
  return path;
}

/**
 * Renames every occurrence of an entry name in a zip's bytes (local header and central
 * directory) to another name of the same length: how names yazl refuses to write (`../x`,
 * `/etc/x`, a duplicate) get into a test archive.
 */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('names must be as long');
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  let at = out.indexOf(a);
  let n = 0;
  while (at >= 0) {
    b.copy(out, at);
    n += 1;
    at = out.indexOf(a, at + a.length);
  }
  if (n === 0) throw new Error(`no entry named ${from}`);
  return out;
}

const CENTRAL = 0x02014b50;

/** Overwrites the uncompressed size the central directory declares for one entry (a liar). */
export function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (out.readUInt32LE(i) !== CENTRAL) continue;
    const len = out.readUInt16LE(i + 28);
    if (out.subarray(i + 46, i + 46 + len).toString() === name) {
      out.writeUInt32LE(size, i + 24);
      return out;
    }
  }
  throw new Error(`no central directory entry ${name}`);
}
