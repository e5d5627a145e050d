import type { BulkActionKind, BulkTestAction, Mission } from '@metamorph/contract';
import { ApiError } from '../../api/errors';

/** What the bulk action bar offers: each action, its label and the fields it asks for. */
export interface BulkActionMeta {
  value: BulkActionKind;
  label: string;
  field: 'assignee' | 'day' | 'reason' | 'level' | null;
}

const ACTIONS: readonly BulkActionMeta[] = [
  { value: 'assign', label: 'Assign to…', field: 'assignee' },
  { value: 'set_planned_day', label: 'Set planned day…', field: 'day' },
  { value: 'skip', label: 'Skip…', field: 'reason' },
  { value: 'block', label: 'Block — could not run…', field: 'reason' },
  { value: 'reveal', label: 'Reveal to blue', field: null },
  { value: 'set_detection_level', label: 'Set detection level…', field: 'level' },
  { value: 'cleanup_done', label: 'Mark cleanup done', field: null },
  { value: 'include_in_report', label: 'Include in report', field: null },
  { value: 'exclude_from_report', label: 'Leave out of report', field: null },
];

/**
 * The actions this caller may run in the mission, by the abilities the server sent
 * (`can_manage`, `sides`): the same rules the server applies, so no button is refused.
 */
export function bulkActionsFor(mission: Pick<Mission, 'can_manage' | 'sides' | 'visibility'>) {
  const { can_manage: lead, sides } = mission;
  return ACTIONS.filter((a) => {
    switch (a.value) {
      case 'skip':
      case 'block':
        return sides.red || sides.blue;
      case 'reveal':
        return mission.visibility === 'blind' && (sides.red || lead);
      case 'set_detection_level':
        return sides.blue;
      case 'cleanup_done':
        return sides.red;
      default:
        return lead;
    }
  });
}

export interface BulkForm {
  action: BulkActionKind | null;
  assignee: string | null;
  day: string;
  reason: string;
  level: string | null;
}

export const EMPTY_FORM: BulkForm = {
  action: null,
  assignee: null,
  day: '',
  reason: '',
  level: null,
};

/** The request body, or null while a required field is missing. */
export function bulkBody(form: BulkForm, testIds: readonly string[]): BulkTestAction | null {
  const test_ids = [...testIds];
  if (test_ids.length === 0 || !form.action) return null;
  switch (form.action) {
    case 'assign':
      return { test_ids, action: 'assign', assignee_id: form.assignee };
    case 'set_planned_day':
      return { test_ids, action: 'set_planned_day', planned_day: form.day || null };
    case 'skip':
    case 'block':
      return form.reason.trim() ? { test_ids, action: form.action, reason: form.reason } : null;
    case 'set_detection_level':
      return form.level
        ? { test_ids, action: 'set_detection_level', detection_level_id: form.level }
        : null;
    default:
      return { test_ids, action: form.action };
  }
}

/** The tests an error names (403, 409, 422 carry `context.test_ids`), by their names. */
export function namedTests(error: unknown, names: ReadonlyMap<string, string>): string[] {
  if (!(error instanceof ApiError)) return [];
  const ids = error.body.context?.test_ids;
  if (!Array.isArray(ids)) return [];
  return ids
    .filter((id): id is string => typeof id === 'string')
    .map((id) => names.get(id) ?? `a test not in this plan (${id.slice(0, 8)})`);
}

/** "3 tests updated, 1 already so". */
export function resultSummary(updated: number, unchanged: number): string {
  const n = (k: number) => `${k} test${k === 1 ? '' : 's'}`;
  return unchanged > 0
    ? `${n(updated)} updated, ${n(unchanged)} already so`
    : `${n(updated)} updated`;
}
