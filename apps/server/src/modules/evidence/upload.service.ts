import type { EvidenceUploadResult } from '@metamorph/contract';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Counter } from 'prom-client';
import type { AppContext } from '../../context.js';
import { evidenceFiles, missionTests, missions } from '../../db/schema/index.js';
import type { EvidenceKey } from '../../platform/blob/evidence-store.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { isThumbnailMime } from '../../platform/thumbnails/make.js';
import type { ThumbnailWarmer } from '../../platform/thumbnails/warmer.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { missionWrite } from '../../kernel/mission-write.js';
import { testAccess } from '../../kernel/mission-test-access.js';
import { uploadSide } from './evidence-access.js';
import { findEvidence, toEvidence } from './evidence.repo.js';
import type { ReceivedUpload, UploadLimits } from './multipart.js';

/** Reads the request body once access is settled (the multipart reader, in production). */
export type ReceiveUpload = (limits: UploadLimits) => Promise<ReceivedUpload>;

async function liveDuplicate(db: DbOrTx, testId: string, sha256: string) {
  const [row] = await db
    .select({ id: evidenceFiles.id })
    .from(evidenceFiles)
    .where(
      and(
        eq(evidenceFiles.testId, testId),
        eq(evidenceFiles.sha256, sha256),
        isNull(evidenceFiles.deletedAt),
      ),
    );
  return row?.id;
}

export class EvidenceUploadService {
  constructor(
    private readonly ctx: AppContext,
    private readonly thumbnails?: ThumbnailWarmer,
    /** metamorph_evidence_uploaded_bytes_total, by whether the bytes were new to the test. */
    private readonly uploadedBytes?: Counter<'outcome'>,
  ) {}

  /**
   * Order: 404 (mission, test) → 403 (no side) → body (415 type, 413 size, 422 fields, 403 side
   * asked for but not held) → write. The bytes go in place, then row + audit + change commit
   * in one transaction; identical bytes already live on the test return that record instead.
   * A new image's report thumbnail is then made in the background.
   */
  async upload(
    audit: AuditContext,
    missionId: string,
    testId: string,
    receive: ReceiveUpload,
    guarded?: MissionAccess,
  ): Promise<EvidenceUploadResult> {
    const { ctx } = this;
    // The guard's read of the mission is reused; only the test is read here before the body.
    const pre = await testAccess(ctx.db, audit.actor, missionId, testId, { access: guarded });
    uploadSide(pre.sides, undefined);
    const settings = await ctx.settings.get();
    const upload = await receive({
      maxBytes: settings['evidence.max_bytes'],
      allowedExtensions: settings['evidence.allowed_extensions'],
    });
    const { staged } = upload;
    const key = { missionId, testId, ext: upload.ext };
    let createdFile = false;
    try {
      const side = uploadSide(pre.sides, upload.side);
      const out = await missionWrite(
        ctx,
        audit,
        missionId,
        { level: 'write' },
        async (w): Promise<[string, boolean]> => {
          const access = await w.lockTest(testId);
          uploadSide(access.sides, side);
          const existing = await liveDuplicate(w.tx, testId, staged.sha256);
          if (existing) return [existing, true];
          createdFile = (await staged.commit(key)).created;
          const evidenceId = newId();
          await w.tx.insert(evidenceFiles).values({
            id: evidenceId,
            missionId,
            testId,
            side,
            caption: upload.caption ?? null,
            sha256: staged.sha256,
            ext: upload.ext,
            mime: upload.mime,
            sizeBytes: staged.size,
            originalFilename: upload.filename,
            uploadedBy: w.actorId,
            uploadedAt: w.now,
            createdAt: w.now,
            updatedAt: w.now,
          });
          await w.change('evidence.added', { testId, evidenceId });
          w.audit({
            action: 'evidence.uploaded',
            targetType: 'evidence',
            targetId: evidenceId,
            after: {
              test_id: testId,
              side,
              caption: upload.caption ?? null,
              sha256: staged.sha256,
              mime: upload.mime,
              size_bytes: staged.size,
              original_filename: upload.filename,
            },
          });
          return [evidenceId, false];
        },
      );
      const [, duplicate] = out;
      this.uploadedBytes?.inc({ outcome: duplicate ? 'duplicate' : 'stored' }, staged.size);
      if (!duplicate && isThumbnailMime(upload.mime)) {
        this.thumbnails?.schedule({ ...key, sha256: staged.sha256 });
      }
      return await this.result(...out);
    } catch (err) {
      if (isUniqueViolation(err)) {
        // A concurrent upload of the same bytes won the race: answer with its record.
        const winner = await liveDuplicate(ctx.db, testId, staged.sha256);
        if (winner) return this.result(winner, true);
      } else if (createdFile) {
        // Should the clean-up itself fail, the file stays: an orphan, never a missing file.
        await this.reclaim({ ...key, sha256: staged.sha256 }).catch(() => undefined);
      }
      throw err;
    } finally {
      await staged.discard();
    }
  }

  /**
   * After a failed write: removes the bytes this upload put in place, unless a committed row
   * refers to them. Files are put in place under the mission and test row locks (inside the
   * upload's transaction), and this check takes the same locks, so a concurrent upload of the
   * same bytes either commits its row first (the file stays) or puts the file anew afterwards.
   */
  private reclaim(key: EvidenceKey): Promise<void> {
    return this.ctx.db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT 1 FROM ${missions} WHERE id = ${key.missionId}::uuid FOR NO KEY UPDATE`,
      );
      await tx.execute(
        sql`SELECT 1 FROM ${missionTests} WHERE id = ${key.testId}::uuid FOR NO KEY UPDATE`,
      );
      // Soft-deleted rows keep their bytes too: any row at all keeps the file.
      const [ref] = await tx
        .select({ id: evidenceFiles.id })
        .from(evidenceFiles)
        .where(and(eq(evidenceFiles.testId, key.testId), eq(evidenceFiles.sha256, key.sha256)))
        .limit(1);
      if (!ref) await this.ctx.evidence.delete(key);
    });
  }

  private async result(id: string, duplicate: boolean): Promise<EvidenceUploadResult> {
    const row = await findEvidence(this.ctx.db, id);
    if (!row) throw new Error(`evidence ${id} vanished after its upload`);
    return { ...toEvidence(row), duplicate };
  }
}
