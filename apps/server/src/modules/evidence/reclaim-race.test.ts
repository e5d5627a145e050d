import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { evidenceWorld, sha256, storedFiles, type EvidenceWorld } from './test-evidence.js';

/**
 * A failed upload removes the bytes it put in place only when no committed row refers to them:
 * the same bytes uploaded to the same test by several clients at once, while a trigger makes
 * some of those transactions fail, leave every committed row with its file.
 */
describe('evidence clean-up after failed uploads', () => {
  let t: TestApp;
  let w: EvidenceWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
    // The fault: any evidence row whose file name starts with "fail" aborts its transaction.
    await t.database.query(`
      CREATE FUNCTION test_fail_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.original_filename LIKE 'fail%' THEN
          PERFORM pg_sleep(0.02);
          RAISE EXCEPTION 'injected fault';
        END IF;
        RETURN NEW;
      END $$`);
    await t.database.query(`
      CREATE TRIGGER test_fail_evidence BEFORE INSERT ON evidence_files
      FOR EACH ROW EXECUTE FUNCTION test_fail_evidence()`);
  });
  afterAll(() => t.close());

  it('keeps the file of every committed row', async () => {
    let failures = 0;
    for (let round = 0; round < 6; round++) {
      const testId = await w.newTest();
      const bytes = Buffer.from(`same bytes ${round} ${randomBytes(6).toString('hex')}\n`);
      // The failing uploads go first (they put the file, then their insert fails slowly);
      // the others arrive while those transactions still hold the file.
      const send = (i: number) =>
        w.upload('purple', testId, {
          name: `${round === 5 || i < 4 ? 'fail' : 'ok'}-${i}.txt`,
          content: bytes,
        });
      const first = [0, 1, 2, 3].map(send);
      await new Promise((r) => setTimeout(r, 10));
      const answers = await Promise.all([...first, ...[4, 5, 6, 7].map(send)]);
      const statuses = answers.map((a) => a.statusCode);
      failures += statuses.filter((s) => s === 500).length;
      // The failing ones answer 500 (an injected database fault), the others 201 or 200.
      expect(
        statuses.every((s) => s === 500 || s === 200 || s === 201),
        String(statuses),
      ).toBe(true);
      const rows = await t.database.query<{ sha256: string; ext: string }>(
        'SELECT sha256, ext FROM evidence_files WHERE test_id = $1',
        [testId],
      );
      const files = await storedFiles(t);
      for (const r of rows) {
        expect(files).toContain(`${w.missionId}/${testId}/${r.sha256}${r.ext}`);
      }
      if (round === 5) {
        // Only failures: no row, and nothing left behind.
        expect(rows).toEqual([]);
        expect(files.some((f) => f.includes(sha256(bytes)))).toBe(false);
      } else expect(rows.length).toBeGreaterThan(0);
    }
    expect(failures).toBeGreaterThan(0);
  });
});
