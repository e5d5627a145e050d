import type { FieldConflict, ImportedRedField, TestState } from '@metamorph/contract';
import { IMPORTED_RED_FIELDS } from '@metamorph/contract';

/** The red facts of a test an import may fill: the row's values, or what a log brings. */
export type RedValues = { [K in ImportedRedField]: string | Date | null };

export interface FillPlan {
  /** Fields to write (empty when the row has a conflict and overwrite is off). */
  set: Partial<RedValues>;
  filled: ImportedRedField[];
  overwritten: ImportedRedField[];
  conflicts: FieldConflict[];
  /** The test moves pending → executed. */
  executed: boolean;
  notes: string[];
}

const same = (a: string | Date, b: string | Date) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : String(a) === String(b);
const empty = (v: string | Date | null) => v === null || (typeof v === 'string' && v.trim() === '');

/**
 * What an import writes to one test: every field the log brings that is empty on the test is
 * filled; a field a person filled with something else is a conflict — then nothing of the row
 * is written, unless `overwrite` (audited by the caller). A pending test moves to executed at
 * the log's time (else now); a skipped or blocked test keeps its state.
 */
export function planFill(
  state: TestState,
  current: RedValues,
  incoming: Partial<RedValues>,
  opts: {
    overwrite: boolean;
    now: Date;
    display: (field: ImportedRedField, v: string | Date | null) => string | null;
  },
): FillPlan {
  const plan: FillPlan = {
    set: {},
    filled: [],
    overwritten: [],
    conflicts: [],
    executed: false,
    notes: [],
  };
  for (const field of IMPORTED_RED_FIELDS) {
    const value = incoming[field] ?? null;
    if (field === 'executed_at' && state !== 'executed' && state !== 'reviewed_by_blue') {
      if (state === 'pending') {
        plan.executed = true;
        plan.set.executed_at = value ?? opts.now;
        if (value) plan.filled.push(field);
      } else if (value) {
        plan.notes.push(`The test is ${state}: its state and execution time were left as they are`);
      }
      continue;
    }
    if (value === null || empty(value)) continue;
    const cur = current[field];
    if (empty(cur)) {
      plan.set[field] = value;
      plan.filled.push(field);
    } else if (!same(cur!, value)) {
      if (opts.overwrite) {
        plan.set[field] = value;
        plan.overwritten.push(field);
      } else {
        plan.conflicts.push({
          field,
          current: opts.display(field, cur),
          incoming: opts.display(field, value),
        });
      }
    }
  }
  if (plan.conflicts.length) {
    plan.set = {};
    plan.filled = [];
    plan.executed = false;
  }
  return plan;
}
