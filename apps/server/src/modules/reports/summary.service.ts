import type { ExecutiveSummary, ExecutiveSummaryUpdate } from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { missions, users } from '../../db/schema/index.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { missionWrite } from '../../kernel/mission-write.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { conflict } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';

/** NUL cannot be stored by PostgreSQL: it never reaches the database raw. */
const clean = (text: string) => text.replace(/\0/g, '');

async function read(db: DbOrTx, missionId: string): Promise<ExecutiveSummary> {
  const [row] = await db
    .select({
      markdown: missions.executiveSummaryMd,
      version: missions.executiveSummaryVersion,
      updatedAt: missions.executiveSummaryUpdatedAt,
      updatedBy: missions.executiveSummaryUpdatedBy,
      name: users.displayName,
    })
    .from(missions)
    .leftJoin(users, eq(users.id, missions.executiveSummaryUpdatedBy))
    .where(eq(missions.id, missionId));
  return {
    markdown: row?.markdown ?? '',
    version: row?.version ?? 0,
    updated_at: row?.updatedAt?.toISOString() ?? null,
    updated_by:
      row?.updatedBy && row.name !== null ? { id: row.updatedBy, display_name: row.name } : null,
  };
}

/** The report's executive summary: markdown kept with the mission, edited by its leads. */
export class SummaryService {
  constructor(private readonly ctx: AppContext) {}

  get(access: MissionAccess): Promise<ExecutiveSummary> {
    return read(this.ctx.db, access.mission.id);
  }

  /**
   * Optimistic on `version` (409 with the current one when stale), under the mission lock
   * (missionWrite, level manage), audited with the text before and after.
   */
  async put(
    audit: AuditContext,
    missionId: string,
    body: ExecutiveSummaryUpdate,
  ): Promise<ExecutiveSummary> {
    return missionWrite(this.ctx, audit, missionId, { level: 'manage' }, async (w) => {
      const m = w.access.mission;
      if (body.version !== m.executiveSummaryVersion) {
        throw conflict('The executive summary was changed meanwhile: reload it and edit again', {
          current_version: m.executiveSummaryVersion,
        });
      }
      const markdown = clean(body.markdown);
      const before = m.executiveSummaryMd ?? '';
      if (markdown === before) return read(w.tx, missionId);
      const version = m.executiveSummaryVersion + 1;
      await w.tx
        .update(missions)
        .set({
          executiveSummaryMd: markdown,
          executiveSummaryVersion: version,
          executiveSummaryUpdatedAt: w.now,
          executiveSummaryUpdatedBy: w.actorId,
        })
        .where(eq(missions.id, missionId));
      w.audit({
        action: 'mission.executive_summary_updated',
        targetId: missionId,
        before: { markdown: before, version: m.executiveSummaryVersion },
        after: { markdown, version },
      });
      return read(w.tx, missionId);
    });
  }
}
