import {
  PLAN_IMPORT_LIMITS,
  type PlanImportMapping,
  type PlanImportResult,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { missionMembers, users } from '../../../db/schema/index.js';
import { missionWrite } from '../../../kernel/mission-write.js';
import type { AuditContext } from '../../../platform/audit/audit.js';
import { DomainError } from '../../../platform/errors.js';
import { ErrorCode } from '@metamorph/contract';
import { resolveAttackTags } from '../../library/index.js';
import { insertImportedTests } from '../../missions/index.js';
import { checkMapping, checkRows, splitIds, suggestMapping } from './rows.js';
import type { Sheet } from './sheet.js';

export interface PlanImportRequest {
  sheet: Sheet;
  mapping: PlanImportMapping | null;
  scenarioName: string | null;
  dryRun: boolean;
  filename: string;
}

/**
 * A spreadsheet plan: the preview (no mapping), the checked rows (dry run), or one new
 * scenario of tests in one mission write. A row without a name refuses the whole import (422
 * with every row's messages); warnings plan the row without the value they name.
 */
export async function importPlan(
  ctx: AppContext,
  audit: AuditContext,
  missionId: string,
  req: PlanImportRequest,
): Promise<PlanImportResult> {
  const { sheet, mapping } = req;
  const base: PlanImportResult = {
    format: sheet.format,
    sheets: sheet.sheets,
    sheet: sheet.sheet,
    headers: sheet.headers,
    row_count: sheet.rows.length,
    sample_rows: sheet.rows.slice(0, PLAN_IMPORT_LIMITS.sampleRows),
    suggested_mapping: suggestMapping(sheet.headers),
    mapping,
    rows: [],
    applied: false,
    scenario_id: null,
    created: 0,
  };
  if (!mapping) return base;
  checkMapping(sheet, mapping);
  return missionWrite(ctx, audit, missionId, { level: 'manage' }, async (w) => {
    const col = mapping.technique_ids ? sheet.headers.indexOf(mapping.technique_ids) : -1;
    const ids = col < 0 ? [] : sheet.rows.flatMap((r) => splitIds(r[col]!));
    const tag = await resolveAttackTags(w.tx, ids);
    const tagStatus = new Map(ids.map((id) => [id, tag(id).status] as const));
    const members = await w.tx
      .select({ id: users.id, email: users.email })
      .from(missionMembers)
      .innerJoin(users, eq(users.id, missionMembers.userId))
      .where(eq(missionMembers.missionId, missionId));
    const { rows, specs } = checkRows(sheet, mapping, {
      tagStatus,
      members: new Map(members.map((m) => [m.email.toLowerCase(), m.id])),
    });
    const result = { ...base, rows };
    const errors = rows.filter((r) => r.status === 'error');
    if (errors.length > 0 && !req.dryRun) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${errors.length} of ${rows.length} rows cannot be planned (first: row ${errors[0]!.row}, ${errors[0]!.messages[0]}); nothing was imported`,
        {
          errors: errors
            .slice(0, 100)
            .map((r) => ({ path: `row ${r.row}`, message: r.messages.join('; ') })),
          context: { rows },
        },
      );
    }
    if (req.dryRun || rows.length === 0) return result;
    const name = req.scenarioName ?? `Imported from ${req.filename}`.slice(0, 200);
    const created = await insertImportedTests(
      w.tx,
      w.access,
      { name, description: `Planned from the spreadsheet ${req.filename}.` },
      specs.filter((s) => s !== null),
      w.now,
    );
    await w.change('plan.changed');
    w.audit({
      action: 'mission.plan_imported',
      targetType: 'mission',
      targetId: missionId,
      after: {
        file: req.filename,
        format: sheet.format,
        sheet: sheet.sheet,
        scenario_id: created.scenarioId,
        tests: created.testIds.length,
        warnings: rows.filter((r) => r.status === 'warning').length,
        mapping,
      },
    });
    return {
      ...result,
      applied: true,
      scenario_id: created.scenarioId,
      created: created.testIds.length,
    };
  });
}
