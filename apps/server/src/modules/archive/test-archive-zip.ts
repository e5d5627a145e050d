import type { ArchiveManifest } from '@metamorph/contract';
import type { LightMyRequestResponse } from 'fastify';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';

/** Archive bytes in tests: download, read a zip, build one, compare manifests. */

export async function downloadArchive(
  t: TestApp,
  h: Headers,
  missionId: string,
  query = '',
): Promise<LightMyRequestResponse> {
  return t.app.inject({ url: `/api/missions/${missionId}/archive${query}`, headers: h });
}

/** Every file entry of a zip, by name. */
export async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  return out;
}

export async function manifestOf(buf: Buffer): Promise<ArchiveManifest> {
  const files = await unzip(buf);
  const m = files.get('manifest.json');
  if (!m) throw new Error('no manifest.json');
  return JSON.parse(m.toString('utf8')) as ArchiveManifest;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  compress?: boolean;
}

/** A zip made with yazl from the given entries (in order). */
export function zipOf(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries)
    zip.addBuffer(e.data, e.name, {
      compress: e.compress ?? true,
      mtime: new Date('2026-03-01T00:00:00Z'),
    });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * A manifest with its export time removed and every id renamed by order of first appearance:
 * two exports of the same mission on two instances compare equal, references included.
 */
export function normalizeManifest(m: ArchiveManifest): unknown {
  const { exported_at: _exportedAt, ...rest } = m;
  const names = new Map<string, string>();
  const json = JSON.stringify(rest).replace(UUID, (id) => {
    let n = names.get(id);
    if (!n) {
      n = `id-${names.size + 1}`;
      names.set(id, n);
    }
    return n;
  });
  return JSON.parse(json) as unknown;
}
