import type { RemapAttackResult } from '@metamorph/contract';
import { asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryTestAttack, libraryTests } from '../../db/schema/index.js';
import { appendAuditMany, type AuditContext, type AuditEntry } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { validationFailed } from '../../platform/errors.js';
import { resolveAttackTags } from './attack-tags.js';
import { rowFields } from './mappers.js';
import { updateTest } from './tests.repo.js';
import { bumpScenariosHolding } from './tests.service.js';

/**
 * Moves every template's tag from one technique to another (by default the revoked-by
 * target of a revoked technique), one transaction, one audit row per template.
 */
export class RemapService {
  constructor(private readonly ctx: AppContext) {}

  async remap(
    audit: AuditContext,
    body: { from: string; to?: string },
  ): Promise<RemapAttackResult> {
    const actor = requirePermission(audit.actor, 'library.write');
    const db = this.ctx.db;
    const tags = await resolveAttackTags(db, [body.from, ...(body.to ? [body.to] : [])]);
    const to = body.to ?? tags(body.from).revoked_by;
    if (!to) {
      throw validationFailed([
        {
          path: 'body.to',
          message: `is required: ${body.from} is not a revoked technique with a replacement in the current catalog`,
        },
      ]);
    }
    if (to === body.from) throw validationFailed([{ path: 'body.to', message: 'equals from' }]);
    const target = (await resolveAttackTags(db, [to]))(to);
    if (target.status !== 'ok') {
      throw validationFailed([
        { path: 'body.to', message: `${to} is ${target.status} in the current catalog` },
      ]);
    }
    const now = this.ctx.clock.now();
    return db.transaction(async (tx) => {
      const ids = (
        await tx
          .select({ id: libraryTestAttack.testId })
          .from(libraryTestAttack)
          .where(eq(libraryTestAttack.externalId, body.from))
      ).map((r) => r.id);
      const rows =
        ids.length === 0
          ? []
          : await tx
              .select()
              .from(libraryTests)
              .where(inArray(libraryTests.id, ids))
              .orderBy(asc(libraryTests.name))
              .for('update');
      const entries: AuditEntry[] = [];
      for (const row of rows) {
        const fields = rowFields(row);
        const attack_ids = [
          ...new Set(fields.attack_ids.map((id) => (id === body.from ? to : id))),
        ];
        const meta = { source: row.source as 'manual', source_ref: row.sourceRef };
        const next = { ...fields, attack_ids };
        await updateTest(tx, {
          id: row.id,
          key: row.key,
          version: row.version + 1,
          fields: next,
          meta,
          actorId: accountId(actor),
          now,
        });
        entries.push({
          action: 'library.test_attack_remapped',
          targetId: row.id,
          before: { attack_ids: fields.attack_ids, version: row.version },
          after: { attack_ids, version: row.version + 1 },
        });
      }
      await bumpScenariosHolding(
        tx,
        rows.map((r) => r.id),
        now,
      );
      await appendAuditMany(tx, this.ctx.clock, audit, entries);
      return {
        from: body.from,
        to,
        templates: rows.map((r) => ({ id: r.id, key: r.key, name: r.name })),
      };
    });
  }
}
