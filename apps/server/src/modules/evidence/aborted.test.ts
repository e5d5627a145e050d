import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { evidenceFiles } from '../../db/schema/index.js';
import { MemoryEvidenceStore } from '../../platform/blob/memory-evidence-store.js';
import {
  SAMPLES,
  evidenceWorld,
  openCutUpload,
  stagedFiles,
  storedFiles,
  type EvidenceWorld,
} from './test-evidence.js';

/** Polls until `check` holds (a state to reach, not a timing assertion); false when it never does. */
async function eventually(check: () => Promise<boolean>, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await sleep(25);
  }
  return false;
}

describe('evidence: an upload cut off mid-file leaves nothing behind', () => {
  let t: TestApp;
  let w: EvidenceWorld;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    w = await evidenceWorld(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => t.close());

  it('over real HTTP: socket destroyed mid-body → no row, no file, no temp file', async () => {
    const testId = await w.newTest();
    const before = await storedFiles(t);
    const socket = await openCutUpload(
      port,
      `/api/missions/${w.missionId}/tests/${testId}/evidence`,
      w.h.blue,
      8 * 1024 * 1024,
    );
    socket.write(randomBytes(256 * 1024));
    // The server has started staging the file: now the client vanishes.
    expect(await eventually(async () => (await stagedFiles(t)).length > 0)).toBe(true);
    socket.destroy();
    expect(await eventually(async () => (await stagedFiles(t)).length === 0)).toBe(true);
    expect(await storedFiles(t)).toEqual(before);
    const rows = await t.ctx.db
      .select()
      .from(evidenceFiles)
      .where(eq(evidenceFiles.testId, testId));
    expect(rows).toEqual([]);
    // The server still serves the next upload normally.
    const ok = await w.upload('blue', testId, { name: 'after.png', content: SAMPLES.png });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('the memory store keeps the same contract: a failing source stages nothing', async () => {
    const store = new MemoryEvidenceStore();
    async function* failing() {
      yield Buffer.from('partial');
      throw new Error('client went away');
    }
    await expect(store.stage(failing(), { maxBytes: 1024 })).rejects.toThrow('client went away');
    expect(store.pending.size).toBe(0);
    await expect(store.stage([Buffer.alloc(2048)], { maxBytes: 1024 })).rejects.toMatchObject({
      status: 413,
    });
  });
});
