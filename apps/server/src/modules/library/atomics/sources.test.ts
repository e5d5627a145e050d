import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAtomicsFile } from './parse.js';
import {
  detectUploadKind,
  filesFromPath,
  filesFromZip,
  type AtomicsSourceFile,
  type ZipLimits,
} from './sources.js';
import { buildZip, type TestZipEntry } from './test-zip.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../../../test/fixtures/atomics');
const ONE = `attack_technique: T1003
atomic_tests:
- name: A
  auto_generated_guid: 96345bfc-8ae7-4b6a-80b7-223200f24ef9
  supported_platforms: [linux]
  executor: {name: sh, command: id}
`;

async function collect(gen: AsyncGenerator<AtomicsSourceFile>) {
  const out: Array<{ name: string; text?: string; error?: string }> = [];
  for await (const f of gen) {
    out.push(
      'error' in f
        ? { name: f.name, error: f.error }
        : { name: f.name, text: f.content.toString('utf8') },
    );
  }
  return out;
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'metamorph-atomics-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function put(rel: string, content: string | Buffer) {
  const file = path.join(tmp, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe('filesFromPath', () => {
  it('walks a folder in sorted order, taking YAML files and skipping the rest', async () => {
    await put('tree/T1003/T1003.yaml', ONE);
    await put('tree/T1003/T1003.md', '# not yaml');
    await put('tree/T1003/src/manifest.yaml', 'kind: Pod');
    await put('tree/T1003/bin/x.yml', 'a: 1');
    await put('tree/Indexes/index.yaml', 'a: 1');
    await put('tree/.git/config.yml', 'a: 1');
    await put('tree/T1003/._T1003.yaml', 'junk');
    await put('tree/T1001.002/T1001.002.yml', ONE);
    await put('tree/a.YAML', ONE);
    await put('outside.yaml', ONE);
    await symlink(path.join(tmp, 'outside.yaml'), path.join(tmp, 'tree/link-out.yaml'));
    await symlink(path.join(tmp, 'tree/a.YAML'), path.join(tmp, 'tree/link-in.yaml'));
    await symlink(path.join(tmp, 'tree/T1003'), path.join(tmp, 'tree/linked-dir'));
    const big = await put('tree/big.yaml', '');
    await truncate(big, 6 * 1024 * 1024);

    const got = await collect(filesFromPath(path.join(tmp, 'tree')));
    expect(got.map((f) => f.name)).toEqual([
      'T1001.002/T1001.002.yml',
      'T1003/T1003.yaml',
      'a.YAML',
      'big.yaml',
      'link-in.yaml',
      'link-out.yaml',
    ]);
    expect(got.find((f) => f.name === 'big.yaml')?.error).toMatch(/limit is 5242880 bytes/);
    expect(got.find((f) => f.name === 'link-out.yaml')?.error).toMatch(/outside the folder/);
    expect(got.find((f) => f.name === 'link-in.yaml')?.text).toBe(ONE);
    expect(got.find((f) => f.name === 'T1003/T1003.yaml')?.text).toBe(ONE);
  });

  it('reads one file, and reports what it cannot read', async () => {
    const file = await put('single/T1.yaml', ONE);
    expect(await collect(filesFromPath(file))).toEqual([{ name: 'T1.yaml', text: ONE }]);
    const md = await put('single/readme.md', 'x');
    expect(await collect(filesFromPath(md))).toEqual([
      { name: 'readme.md', error: 'not a .yaml or .yml file' },
    ]);
    const missing = await collect(filesFromPath(path.join(tmp, 'nope')));
    expect(missing[0]?.error).toMatch(/^not found/);
  });

  it('reads the fixtures folder', async () => {
    const got = await collect(filesFromPath(FIXTURES));
    expect(got.map((f) => f.name)).toEqual([
      'T1690.yaml',
      'T9001.yaml',
      'T9002.yaml',
      'T9003-mixed.yaml',
      'alias-bomb.yaml',
      'bad-technique.yaml',
      'latin1.yaml',
      'list.yaml',
    ]);
  });
});

describe('filesFromZip', () => {
  async function zipOf(entries: TestZipEntry[], name = 'up.zip') {
    return put(`zips/${name}`, buildZip(entries));
  }
  const read = (file: string, limits?: Partial<ZipLimits>) => collect(filesFromZip(file, limits));

  it('reads YAML entries in memory, in zip order, and skips the rest', async () => {
    const file = await zipOf([
      { name: 'atomics/', data: '' },
      { name: 'atomics/T1003/T1003.yaml', data: ONE },
      { name: 'atomics/T1003/T1003.md', data: '# md' },
      { name: 'atomics/T1003/src/pod.yaml', data: 'kind: Pod' },
      { name: 'atomics/Indexes/index.yaml', data: 'a: 1' },
      { name: '__MACOSX/atomics/T1003/._T1003.yaml', data: 'junk' },
      { name: 'atomics/T1001/T1001.yml', data: ONE, method: 'store' },
    ]);
    const got = await read(file);
    expect(got).toEqual([
      { name: 'atomics/T1003/T1003.yaml', text: ONE },
      { name: 'atomics/T1001/T1001.yml', text: ONE },
    ]);
    const parsed = parseAtomicsFile(got[0]!.name, Buffer.from(got[0]!.text!));
    expect(parsed.tests).toHaveLength(1);
  });

  it('reports zip-slip names without reading them, and reads the others', async () => {
    const file = await zipOf([
      { name: '../evil.yaml', data: ONE },
      { name: 'a/../../evil.yaml', data: ONE },
      { name: '/etc/evil.yaml', data: ONE },
      { name: 'C:/evil.yaml', data: ONE },
      { name: 'atomics\\T1\\T1.yaml', data: ONE },
      { name: 'ok.yaml', data: ONE },
    ]);
    expect(await read(file)).toEqual([
      { name: '../evil.yaml', error: "unsafe entry name (it contains a '..' segment); not read" },
      {
        name: 'a/../../evil.yaml',
        error: "unsafe entry name (it contains a '..' segment); not read",
      },
      { name: '/etc/evil.yaml', error: 'unsafe entry name (it is an absolute path); not read' },
      { name: 'C:/evil.yaml', error: 'unsafe entry name (it is an absolute path); not read' },
      {
        name: 'atomics\\T1\\T1.yaml',
        error: 'unsafe entry name (it contains a backslash); not read',
      },
      { name: 'ok.yaml', text: ONE },
    ]);
  });

  it('refuses encrypted and oversized entries, counting inflated bytes', async () => {
    const big = Buffer.alloc(64 * 1024, 0x61); // compresses to almost nothing
    const file = await zipOf([
      { name: 'secret.yaml', data: ONE, encrypted: true },
      { name: 'big.yaml', data: big },
      { name: 'lying.yaml', data: big, declaredSize: 100 },
      { name: 'bzip2.yaml', data: ONE, method: 12 },
      { name: 'ok.yaml', data: ONE },
    ]);
    const got = await read(file, { maxEntryBytes: 16 * 1024 });
    expect(got[0]).toEqual({ name: 'secret.yaml', error: 'the entry is encrypted; not read' });
    expect(got[1]).toEqual({
      name: 'big.yaml',
      error: 'the entry is over 16384 bytes once inflated; not read',
    });
    expect(got[2]?.name).toBe('lying.yaml');
    expect(got[2]?.error).toMatch(/over 16384 bytes|too many bytes/);
    expect(got[3]).toEqual({
      name: 'bzip2.yaml',
      error: 'unsupported compression method 12; not read',
    });
    expect(got[4]).toEqual({ name: 'ok.yaml', text: ONE });

    // A lying size under the cap: the inflated stream is what counts.
    const lying = await zipOf([{ name: 'l.yaml', data: big, declaredSize: 10 }], 'l.zip');
    const [only] = await read(lying, { maxEntryBytes: 1024 });
    expect(only?.error).toMatch(/over 1024 bytes|too many bytes/);
    expect(only?.text).toBeUndefined();
  });

  it('stops at the total inflated size and at the entry count', async () => {
    const chunk = 'a: ' + 'x'.repeat(1000) + '\n';
    const file = await zipOf(
      [1, 2, 3, 4].map((i) => ({ name: `f${i}.yaml`, data: chunk })),
      'total.zip',
    );
    const got = await read(file, { maxTotalBytes: 2500 });
    expect(got.map((f) => f.name)).toEqual(['f1.yaml', 'f2.yaml', 'f3.yaml']);
    expect(got[2]?.error).toBe(
      'the zip inflates to over 2500 bytes; this and later entries not read',
    );
    expect(await read(file, { maxEntries: 3 })).toEqual([
      { name: 'total.zip', error: 'the zip has 4 entries; the limit is 3' },
    ]);
  });

  it('reports a corrupt or missing zip as one error entry', async () => {
    const good = buildZip([{ name: 'a.yaml', data: ONE }]);
    const garbage = await put('zips/garbage.zip', Buffer.from('PK\x03\x04 not really a zip'));
    const cut = await put('zips/cut.zip', good.subarray(0, good.length - 10));
    const badData = Buffer.from(good);
    badData.fill(0xff, 30 + 'a.yaml'.length, 40); // break the deflate stream
    const broken = await put('zips/broken.zip', badData);
    for (const f of [garbage, cut, path.join(tmp, 'zips/none.zip')]) {
      const got = await read(f);
      expect(got).toHaveLength(1);
      expect(got[0]?.error).toMatch(/^not a readable zip file/);
    }
    const flipped = Buffer.from(buildZip([{ name: 'a.yaml', data: ONE, method: 'store' }]));
    const at = 30 + 'a.yaml'.length; // the first stored byte: changing it, only the CRC tells
    flipped.writeUInt8(flipped.readUInt8(at) ^ 0x01, at);
    const damaged = await put('zips/damaged.zip', flipped);
    expect(await read(damaged)).toEqual([
      { name: 'a.yaml', error: 'the entry is damaged (CRC-32 mismatch); not read' },
    ]);
    const got = await read(broken);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ name: 'a.yaml' });
    expect(got[0]?.error).toMatch(/^the entry could not be read/);
  });
});

describe('detectUploadKind', () => {
  it('knows zips by their magic and YAML by its name', () => {
    const zip = buildZip([{ name: 'a.yaml', data: ONE }]);
    expect(detectUploadKind('atomics.zip', zip.subarray(0, 8))).toBe('zip');
    expect(detectUploadKind('T1003.yaml', zip)).toBe('zip');
    expect(detectUploadKind('empty.zip', buildZip([]))).toBe('zip');
    expect(detectUploadKind('T1003.yaml', Buffer.from(ONE))).toBe('yaml');
    expect(detectUploadKind('T1003.YML', Buffer.from(ONE))).toBe('yaml');
    expect(detectUploadKind('atomics.zip', Buffer.from(ONE))).toBe('unknown');
    expect(detectUploadKind('notes.txt', Buffer.alloc(0))).toBe('unknown');
  });
});
