import type { Evidence, EvidencePatch } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { evidenceFiles } from '../../db/schema/index.js';
import type { StoredEvidence } from '../../platform/blob/evidence-store.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, type Actor } from '../../platform/authz.js';
import { notFound } from '../../platform/errors.js';
import { recordChange } from '../../kernel/changes.js';
import { evidenceAccess, requireEvidenceSide } from './evidence-access.js';
import { findEvidence, toEvidence } from './evidence.repo.js';

export interface EvidenceContent extends StoredEvidence {
  evidence: Evidence;
}

/** Reading, captioning and (soft) deleting one evidence file. */
export class EvidenceService {
  constructor(private readonly ctx: AppContext) {}

  async get(actor: Actor | null, id: string): Promise<Evidence> {
    const { row } = await evidenceAccess(this.ctx.db, actor, id);
    return toEvidence(row);
  }

  /** The stored bytes as a stream, with the record they belong to. */
  async content(actor: Actor | null, id: string): Promise<EvidenceContent> {
    const { row } = await evidenceAccess(this.ctx.db, actor, id);
    const e = row.e;
    const stored = await this.ctx.evidence.open({
      missionId: e.missionId,
      testId: e.testId,
      sha256: e.sha256,
      ext: e.ext,
    });
    if (!stored) throw notFound('Evidence content');
    return { ...stored, evidence: toEvidence(row) };
  }

  async patch(audit: AuditContext, id: string, body: EvidencePatch): Promise<Evidence> {
    const { ctx } = this;
    await ctx.db.transaction(async (tx) => {
      const access = await evidenceAccess(tx, audit.actor, id, { forUpdate: true });
      requireEvidenceSide(access, 'Changing');
      const before = access.row.e.caption;
      const caption = body.caption === '' ? null : body.caption;
      if (before === caption) return;
      await tx
        .update(evidenceFiles)
        .set({ caption, updatedAt: ctx.clock.now() })
        .where(eq(evidenceFiles.id, id));
      await recordChange(tx, ctx.clock, {
        missionId: access.mission.id,
        kind: 'evidence.changed',
        testId: access.test.id,
        evidenceId: id,
        actorId: accountId(access.actor),
      });
      // The chained audit row last: its global lock is held for the shortest time.
      await appendAudit(tx, ctx.clock, audit, {
        action: 'evidence.updated',
        targetType: 'evidence',
        targetId: id,
        missionId: access.mission.id,
        before: { caption: before },
        after: { caption },
      });
    });
    const row = await findEvidence(ctx.db, id);
    if (!row) throw new Error(`evidence ${id} vanished after its update`);
    return toEvidence(row);
  }

  /** Soft delete: the row is kept (deleted_at/by) and so are the bytes. */
  async remove(audit: AuditContext, id: string): Promise<void> {
    const { ctx } = this;
    await ctx.db.transaction(async (tx) => {
      const access = await evidenceAccess(tx, audit.actor, id, { forUpdate: true });
      requireEvidenceSide(access, 'Deleting');
      const e = access.row.e;
      const now = ctx.clock.now();
      const actorId = accountId(access.actor);
      await tx
        .update(evidenceFiles)
        .set({ deletedAt: now, deletedBy: actorId, updatedAt: now })
        .where(eq(evidenceFiles.id, id));
      await recordChange(tx, ctx.clock, {
        missionId: e.missionId,
        kind: 'evidence.removed',
        testId: e.testId,
        evidenceId: id,
        actorId,
      });
      // The chained audit row last: its global lock is held for the shortest time.
      await appendAudit(tx, ctx.clock, audit, {
        action: 'evidence.deleted',
        targetType: 'evidence',
        targetId: id,
        missionId: e.missionId,
        before: {
          test_id: e.testId,
          side: e.side,
          caption: e.caption,
          sha256: e.sha256,
          original_filename: e.originalFilename,
        },
      });
    });
  }
}
