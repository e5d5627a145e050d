import type { Evidence, EvidencePatch } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { evidenceFiles } from '../../db/schema/index.js';
import type { StoredEvidence } from '../../platform/blob/evidence-store.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz.js';
import { notFound } from '../../platform/errors.js';
import { evidenceAccess, evidenceWrite, requireEvidenceSide } from './evidence-access.js';
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

  /** A direct download link from the store (S3_PRESIGN), after the same access check. */
  async downloadLink(actor: Actor | null, id: string): Promise<string | undefined> {
    if (!this.ctx.evidence.downloadUrl) return undefined;
    const { row } = await evidenceAccess(this.ctx.db, actor, id);
    const e = row.e;
    const wire = toEvidence(row);
    return this.ctx.evidence.downloadUrl(
      { missionId: e.missionId, testId: e.testId, sha256: e.sha256, ext: e.ext },
      { filename: wire.original_filename, contentType: wire.mime },
    );
  }

  async patch(audit: AuditContext, id: string, body: EvidencePatch): Promise<Evidence> {
    const { ctx } = this;
    await evidenceWrite(ctx, audit, id, async (w, access) => {
      requireEvidenceSide(access, 'Changing');
      const before = access.row.e.caption;
      const caption = body.caption === '' ? null : body.caption;
      if (before === caption) return;
      await w.tx
        .update(evidenceFiles)
        .set({ caption, updatedAt: w.now })
        .where(eq(evidenceFiles.id, id));
      await w.change('evidence.changed', { testId: access.test.id, evidenceId: id });
      w.audit({
        action: 'evidence.updated',
        targetType: 'evidence',
        targetId: id,
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
    await evidenceWrite(this.ctx, audit, id, async (w, access) => {
      requireEvidenceSide(access, 'Deleting');
      const e = access.row.e;
      await w.tx
        .update(evidenceFiles)
        .set({ deletedAt: w.now, deletedBy: w.actorId, updatedAt: w.now })
        .where(eq(evidenceFiles.id, id));
      await w.change('evidence.removed', { testId: e.testId, evidenceId: id });
      w.audit({
        action: 'evidence.deleted',
        targetType: 'evidence',
        targetId: id,
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
