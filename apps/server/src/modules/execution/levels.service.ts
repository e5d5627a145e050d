import type {
  DetectionLevel,
  DetectionLevelCreate,
  DetectionLevelUpdate,
} from '@metamorph/contract';
import { count, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { detectionLevels, missionTests } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { accountId } from '../../platform/authz.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db-errors.js';
import { conflict, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { listDetectionLevels } from './detection-levels.js';
import { remapLevel } from './level-remap.js';

const levelNotFound = () => notFound('Detection level');

async function level(db: DbOrTx, id: string): Promise<DetectionLevel> {
  const found = (await listDetectionLevels(db)).find((l) => l.id === id);
  if (!found) throw levelNotFound();
  return found;
}

const duplicateKey = (key: string) =>
  validationFailed([{ path: 'body.key', message: `"${key}" is taken by another level` }]);

/** Admin CRUD of the detection levels; deleting one in use remaps its tests in one go. */
export class LevelsService {
  constructor(private readonly ctx: AppContext) {}

  async create(audit: AuditContext, body: DetectionLevelCreate): Promise<DetectionLevel> {
    const id = newId();
    try {
      await this.ctx.db.transaction(async (tx) => {
        const now = this.ctx.clock.now();
        await tx.insert(detectionLevels).values({
          id,
          key: body.key,
          label: body.label,
          colour: body.colour.toLowerCase(),
          rank: body.rank,
          countsAs: body.counts_as,
          coverageScore: body.coverage_score,
          description: body.description,
          createdAt: now,
          updatedAt: now,
        });
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'detection_level.created',
          targetType: 'detection_level',
          targetId: id,
          after: { ...body },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicateKey(body.key);
      throw err;
    }
    return level(this.ctx.db, id);
  }

  async update(
    audit: AuditContext,
    id: string,
    body: DetectionLevelUpdate,
  ): Promise<DetectionLevel> {
    await this.ctx.db.transaction(async (tx) => {
      const old = await level(tx, id);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body) as Array<[keyof DetectionLevelUpdate, unknown]>) {
        const next = k === 'colour' && typeof v === 'string' ? v.toLowerCase() : v;
        if (old[k] === next) continue;
        before[k] = old[k];
        after[k] = next;
      }
      if (Object.keys(after).length === 0) return;
      await tx
        .update(detectionLevels)
        .set({
          ...(after.label !== undefined ? { label: after.label as string } : {}),
          ...(after.colour !== undefined ? { colour: after.colour as string } : {}),
          ...(after.rank !== undefined ? { rank: after.rank as number } : {}),
          ...(after.counts_as !== undefined ? { countsAs: after.counts_as as string } : {}),
          ...(after.coverage_score !== undefined
            ? { coverageScore: after.coverage_score as number }
            : {}),
          ...('description' in after ? { description: after.description as string | null } : {}),
          updatedAt: this.ctx.clock.now(),
        })
        .where(eq(detectionLevels.id, id));
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'detection_level.updated',
        targetType: 'detection_level',
        targetId: id,
        before: { key: old.key, ...before },
        after: { key: old.key, ...after },
      });
    });
    return level(this.ctx.db, id);
  }

  /**
   * Deletes a level. One in use needs `replacementId`: its tests move to the replacement (with a
   * new version each, so open editors see the change) in the same transaction.
   */
  async remove(audit: AuditContext, id: string, replacementId: string | undefined): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      // Serialise with other level edits: a concurrent delete of the replacement must wait.
      await tx.execute(sql`SELECT pg_advisory_xact_lock(7342118031)`);
      const old = await level(tx, id);
      const [used] = await tx
        .select({ n: count() })
        .from(missionTests)
        .where(eq(missionTests.detectionLevelId, id));
      const inUse = used?.n ?? 0;
      if ((await listDetectionLevels(tx)).length <= 1) {
        throw conflict('The last detection level cannot be deleted');
      }
      let replacement: DetectionLevel | null = null;
      if (replacementId !== undefined) {
        if (replacementId === id) {
          throw validationFailed([
            { path: 'querystring.replacement_id', message: 'must be another level' },
          ]);
        }
        replacement = await level(tx, replacementId).catch(() => {
          throw validationFailed([
            { path: 'querystring.replacement_id', message: 'is not a detection level' },
          ]);
        });
      }
      if (inUse > 0 && !replacement) {
        throw conflict(
          `"${old.key}" is the outcome of ${inUse} test${inUse === 1 ? '' : 's'}: choose a replacement (?replacement_id=)`,
          { tests: inUse },
        );
      }
      const remapped =
        inUse > 0 && replacement
          ? await remapLevel(tx, this.ctx.clock, {
              from: id,
              to: replacement.id,
              actorId: accountId(audit.actor),
            })
          : 0;
      // A test in a mission not locked above may have been given this level meanwhile.
      await tx
        .delete(detectionLevels)
        .where(eq(detectionLevels.id, id))
        .catch((err: unknown) => {
          if (!isForeignKeyViolation(err)) throw err;
          throw conflict(`A test was just given "${old.key}": try the deletion again`);
        });
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'detection_level.deleted',
        targetType: 'detection_level',
        targetId: id,
        before: { ...old },
        after: replacement ? { replaced_by: replacement.key, tests_remapped: remapped } : null,
      });
    });
  }
}
