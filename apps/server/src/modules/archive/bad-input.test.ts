import { randomBytes } from 'node:crypto';
import { ARCHIVE_BLUE_TEST_KEYS, ArchiveImportReport, type Job } from '@metamorph/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAdmin, type Headers } from '../../../test/auth-helpers.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  archiveWorld,
  downloadArchive,
  footprint,
  runImport,
  startImport,
  zipOf,
} from './test-archive.js';
import {
  addEvidence,
  assemble,
  declareSize,
  partsOf,
  renameEntry,
  type Parts,
} from './test-bad-zips.js';

const MiB = 1024 * 1024;
let t: TestApp;
let admin: Headers;
let archive: Buffer;
let clean: Record<string, number | string[]>;

beforeAll(async () => {
  t = await createTestApp({
    env: {
      ARCHIVE_MAX_UNCOMPRESSED_BYTES: String(8 * MiB),
      ARCHIVE_UPLOAD_MAX_BYTES: String(12 * MiB),
    },
  });
  const w = await archiveWorld(t, 'bad');
  archive = (await downloadArchive(t, w.h.lead, w.missionId)).rawPayload;
  admin = await loginAdmin(t);
  clean = await footprint(t);
});
afterAll(() => t.close());

/** Imports `zip`: the job fails naming `reason`, and no row, evidence file or blob is left. */
async function refused(zip: Buffer, reason: string | RegExp): Promise<Job> {
  const job = await runImport(t, admin, zip);
  expect(job.status).toBe('failed');
  expect(job.error).toMatch(/^The archive was refused: .*Nothing was imported\.$/s);
  expect(job.error).toMatch(reason);
  expect(await footprint(t)).toEqual(clean);
  return job;
}

const edited = async (edit: (p: Parts) => void): Promise<Buffer> => {
  const p = await partsOf(archive);
  edit(p);
  return assemble(p);
};

describe('refused archives write nothing', () => {
  it('zip-slip: a .. path, an absolute path, a backslash', async () => {
    const p = await partsOf(archive);
    const base = await assemble(p, [{ name: 'zz/zzzzzzzzzz.txt', data: Buffer.from('x') }]);
    await refused(
      renameEntry(base, 'zz/zzzzzzzzzz.txt', '../../../evil.txt'),
      /"\.\.\/\.\.\/\.\.\/evil\.txt" is unsafe: it contains a '\.\.' segment/,
    );
    await refused(
      renameEntry(base, 'zz/zzzzzzzzzz.txt', '/etc/cron.d/evil1'),
      /is unsafe: it is an absolute path/,
    );
    await refused(
      renameEntry(base, 'zz/zzzzzzzzzz.txt', 'evidence\\..\\evil1'),
      /is unsafe: it contains a backslash/,
    );
  });

  it('duplicate entries and unlisted files', async () => {
    const p = await partsOf(archive);
    const twice = await assemble(p, [{ name: 'manifest.jsoX', data: Buffer.from('{}') }]);
    await refused(
      renameEntry(twice, 'manifest.jsoX', 'manifest.json'),
      /"manifest\.json" appears more than once/,
    );
    await refused(
      await assemble(p, [{ name: 'notes.txt', data: Buffer.from('hi') }]),
      /"notes\.txt" is not listed in the manifest/,
    );
    await refused(await assemble(p, [{ name: 'other/x', data: Buffer.from('hi') }]), /not listed/);
  });

  it('wrong format or format version, unknown keys, broken references, NUL text', async () => {
    await refused(
      await edited((p) => void Object.assign(p.manifest, { format_version: 3 })),
      /format_version 3 is not supported \(this server reads versions 1 and 2\)/,
    );
    // Format 1 never had findings or retest links.
    await refused(
      await edited((p) => void Object.assign(p.manifest, { format_version: 1 })),
      /format_version 1 has no findings \(that is format 2\)/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest, { format: 'vectr' })),
      /has format "vectr"/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest, { extra: true })),
      /manifest: Unrecognized key: "extra"/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest.tests[0] ?? {}, { blue_score: 3 })),
      /manifest\.tests\[0\]: Unrecognized key: "blue_score"/,
    );
    await refused(
      await edited(
        (p) =>
          void Object.assign(p.manifest.tests[0] ?? {}, {
            scenario_id: '00000000-0000-4000-8000-000000000001',
          }),
      ),
      /refers to scenario 00000000-0000-4000-8000-000000000001, which is not in the archive/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest.mission, { name: 'bad\u0000name' })),
      /manifest\.mission\.name holds a NUL character/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest, { blue_included: false })),
      /blue_included is false but/,
    );
    // Findings: a linked test not in the archive (named), twice the same number, blue keys.
    const stranger = '00000000-0000-4000-8000-0000000000f1';
    await refused(
      await edited((p) => {
        const f = p.manifest.findings?.[0];
        if (f) f.test_ids = [...f.test_ids, stranger];
      }),
      new RegExp(
        `finding [0-9a-f-]{36} \\(F-1\\) links test ${stranger}, which is not in the archive`,
      ),
    );
    await refused(
      await edited((p) => {
        const f = p.manifest.findings?.[1];
        if (f) f.number = 1;
      }),
      /two findings have the number F-1/,
    );
    await refused(
      await edited((p) => void Object.assign(p.manifest.findings?.[0] ?? {}, { cvss: 9 })),
      /manifest\.findings\[0\]: Unrecognized key: "cvss"/,
    );
    await refused(
      await edited((p) => {
        p.manifest.blue_included = false;
        delete p.manifest.detection_levels;
        for (const t of p.manifest.tests) for (const k of ARCHIVE_BLUE_TEST_KEYS) delete t[k];
        p.manifest.evidence = p.manifest.evidence.filter((e) => e.side === 'red');
        for (const path of [...p.files.keys()])
          if (!p.manifest.evidence.some((e) => e.path === path)) p.files.delete(path);
      }),
      /blue_included is false but finding [0-9a-f-]{36} \(F-1\) has gap_reason/,
    );
    const noManifest = await zipOf([{ name: 'readme.txt', data: Buffer.from('hello') }]);
    await refused(noManifest, /it holds no manifest\.json/);
    await refused(
      await zipOf([{ name: 'manifest.json', data: Buffer.from('{"format":') }]),
      /manifest\.json is not JSON/,
    );
  });

  it('a missing evidence file, a hash mismatch, a size that is not the listed one', async () => {
    const p = await partsOf(archive);
    const [first] = p.manifest.evidence;
    if (!first) throw new Error('no evidence');
    await refused(
      await edited((q) => void q.files.delete(first.path)),
      new RegExp(`the file ${first.path} of evidence ${first.id} \\(shell\\.png\\) is missing`),
    );
    await refused(
      await edited((q) => {
        const bytes = q.files.get(first.path);
        if (bytes)
          q.files.set(
            first.path,
            Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes.at(-1) === 0 ? 1 : 0])]),
          );
      }),
      /does not match its SHA-256: its bytes hash to [0-9a-f]{64}/,
    );
    await refused(
      await edited(
        (q) =>
          void q.files.set(
            first.path,
            Buffer.concat([q.files.get(first.path) ?? Buffer.alloc(0), Buffer.from('x')]),
          ),
      ),
      /holds \d+ bytes; the manifest says \d+/,
    );
  });

  it('a truncated zip, a zip cut inside an entry, a file that is no zip', async () => {
    await refused(archive.subarray(0, archive.length - 30), /not a readable zip file/);
    // The central directory intact, an entry's data cut short: the bytes no longer inflate.
    const p = await partsOf(archive);
    const path = addEvidence(p, randomBytes(300_000), { compress: false });
    const whole = await assemble(p);
    const at = whole.indexOf(Buffer.from(path)) + path.length + 1000;
    const cut = Buffer.concat([whole.subarray(0, at), whole.subarray(at + 200_000)]);
    await refused(
      cut,
      /corrupt or truncated|cannot be read|damaged or truncated|does not match|not a readable zip/,
    );
    const text = await startImport(
      t,
      admin,
      Buffer.from('just some text, not a zip'),
      {},
      'mission.txt',
    );
    expect(text.statusCode).toBe(415);
    expect(text.json().detail).toContain('mission.txt is not a zip file');
    expect(await footprint(t)).toEqual(clean);
  });

  it('compression bombs: the ratio cap, the size cap (declared), sizes that lie (counted)', async () => {
    // 6 MiB of zeros deflate to ~6 KiB: over 200:1.
    const bomb = await edited(
      (p) => void addEvidence(p, Buffer.alloc(6 * MiB), { compress: true }),
    );
    await refused(bomb, /inflates \d+ bytes to 6291456 \(over 200:1, a compression bomb\)/);
    // 9 MiB of random bytes (no ratio to speak of) over the 8 MiB cap of this app.
    const big = await edited((p) => {
      for (let i = 0; i < 3; i++) addEvidence(p, randomBytes(3 * MiB), { compress: false });
    });
    await refused(big, /inflate to over 8388608 bytes \(ARCHIVE_MAX_UNCOMPRESSED_BYTES\)/);
    // The directory declares 1,000 bytes; the entry inflates to 4 MiB of zeros.
    const p = await partsOf(archive);
    const path = addEvidence(p, Buffer.alloc(4 * MiB), { compress: true });
    const entry = p.manifest.evidence.at(-1);
    if (entry) entry.size_bytes = 1000;
    const liar = declareSize(await assemble(p), path, 1000);
    await refused(liar, /inflates to more bytes than it declares|damaged or truncated/);
  });

  it('an upload over ARCHIVE_UPLOAD_MAX_BYTES is a 413; the server is unharmed afterwards', async () => {
    const p = await partsOf(archive);
    addEvidence(p, randomBytes(13 * MiB), { compress: false });
    const res = await startImport(t, admin, await assemble(p));
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain('ARCHIVE_UPLOAD_MAX_BYTES');
    expect(await footprint(t)).toEqual(clean);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const job = await runImport(t, admin, archive);
    expect(job.status, job.error ?? '').toBe('succeeded');
  });

  it('an unknown detection level is reported, not fatal', async () => {
    const zip = await edited((p) => {
      const first = p.manifest.tests[0];
      if (first) first.detection_level = { key: 'nope', label: 'Nope' };
    });
    const job = await runImport(t, admin, zip);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(ArchiveImportReport.parse(job.result).detection_levels.unmapped).toEqual([
      { key: 'nope', label: 'Nope', tests: 1 },
    ]);
  });
});
