import type { BulkTestAction, TestState } from '@metamorph/contract';
import type { MissionTestRow } from '../../db/schema/index.js';
import type { MissionAccess } from '../../kernel/mission-access.js';
import { canReveal, missingPatchSides, transitionVerdict } from '../execution/index.js';

type Columns = Partial<MissionTestRow>;

/** One wire field a bulk action writes: its column and the value every test gets. */
interface FieldWrite {
  wire: string;
  column: keyof MissionTestRow;
  value: unknown;
}

/** The fields an action writes (the same value on every test of the request). */
export function actionWrites(body: BulkTestAction): FieldWrite[] {
  switch (body.action) {
    case 'assign':
      return [{ wire: 'assignee_id', column: 'assigneeId', value: body.assignee_id }];
    case 'set_planned_day':
      return [{ wire: 'planned_on', column: 'plannedOn', value: body.planned_day }];
    case 'skip':
    case 'block':
      return [
        { wire: 'state', column: 'state', value: body.action === 'skip' ? 'skipped' : 'blocked' },
        { wire: 'state_reason', column: 'stateReason', value: body.reason.trim() },
      ];
    case 'reveal':
      return [{ wire: 'hidden_from_blue', column: 'hiddenFromBlue', value: false }];
    case 'set_detection_level':
      return [
        { wire: 'detection_level_id', column: 'detectionLevelId', value: body.detection_level_id },
      ];
    case 'cleanup_done':
      return [{ wire: 'cleanup_done', column: 'cleanupDone', value: true }];
    case 'include_in_report':
    case 'exclude_from_report':
      return [
        {
          wire: 'include_in_report',
          column: 'includeInReport',
          value: body.action === 'include_in_report',
        },
      ];
  }
}

/** The target state of a transition action, or null for a field action. */
export const targetState = (body: BulkTestAction): TestState | null =>
  body.action === 'skip' ? 'skipped' : body.action === 'block' ? 'blocked' : null;

export type Verdict = 'change' | 'same' | 'forbidden' | 'invalid';

/**
 * What the action means for one locked test and this caller, by the rules of the single-test
 * routes: planning fields need the lead (as `PATCH …/tests/:testId/plan`), reveal the red side
 * or the lead (`…/reveal`), skip and block the transition's side by the state machine
 * (`…/transition`), detection level and cleanup their field's side (`PUT …/tests/:testId`).
 */
export function verdict(
  access: MissionAccess,
  body: BulkTestAction,
  test: MissionTestRow,
): Verdict {
  const to = targetState(body);
  if (to) {
    const v = transitionVerdict(test.state as TestState, to, access.sides);
    return v === 'ok' ? 'change' : v;
  }
  let allowed: boolean;
  switch (body.action) {
    case 'reveal':
      allowed = canReveal(access);
      break;
    case 'set_detection_level':
      allowed = missingPatchSides(access, { detection_level_id: null }).length === 0;
      break;
    case 'cleanup_done':
      allowed = missingPatchSides(access, { cleanup_done: null }).length === 0;
      break;
    default:
      allowed = access.canManage;
  }
  if (!allowed) return 'forbidden';
  const same = actionWrites(body).every((f) => test[f.column] === f.value);
  return same ? 'same' : 'change';
}

/** Why a forbidden action is forbidden, for the 403's detail. */
export function needsText(body: BulkTestAction): string {
  switch (body.action) {
    case 'skip':
    case 'block':
      return 'a red or blue role in this mission';
    case 'reveal':
      return 'a red role in this mission or its lead role';
    case 'set_detection_level':
      return 'a blue role in this mission and mission.write_blue_fields';
    case 'cleanup_done':
      return 'a red role in this mission and mission.write_red_fields';
    default:
      return 'the lead role in this mission (with mission.manage) or admin.missions';
  }
}

/** The columns to set and the audit diff of one test. */
export function diffFor(
  body: BulkTestAction,
  test: MissionTestRow,
): { set: Columns; before: Record<string, unknown>; after: Record<string, unknown> } {
  const set: Columns = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = { bulk_action: body.action };
  for (const f of actionWrites(body)) {
    Object.assign(set, { [f.column]: f.value });
    before[f.wire] = test[f.column];
    after[f.wire] = f.value;
  }
  return { set, before, after };
}
