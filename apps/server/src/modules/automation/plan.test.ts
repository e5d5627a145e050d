import { IMPORTED_RED_FIELDS, type ImportedRedField } from '@metamorph/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFill, type RedValues } from './plan.js';

const now = new Date('2026-12-01T00:00:00Z');
const display = (_f: ImportedRedField, v: string | Date | null) =>
  v instanceof Date ? v.toISOString() : v;
const value = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('a', 'b'),
  fc.constant(now),
);
const values = fc.record(
  Object.fromEntries(IMPORTED_RED_FIELDS.map((f) => [f, value])) as Record<
    ImportedRedField,
    typeof value
  >,
) as fc.Arbitrary<RedValues>;
const state = fc.constantFrom(
  'pending',
  'executed',
  'reviewed_by_blue',
  'skipped',
  'blocked' as const,
);

describe('planFill', () => {
  it('never changes a field a person filled unless overwrite, and then says so', () => {
    fc.assert(
      fc.property(state, values, values, fc.boolean(), (s, current, incoming, overwrite) => {
        const plan = planFill(s, current, incoming, { overwrite, now, display });
        for (const [field, v] of Object.entries(plan.set) as [ImportedRedField, unknown][]) {
          const cur = current[field];
          const filled = cur !== null && !(typeof cur === 'string' && cur.trim() === '');
          if (field === 'executed_at' && s === 'pending') continue;
          if (filled) {
            expect(overwrite).toBe(true);
            expect(plan.overwritten).toContain(field);
          }
          expect(v).not.toBeNull();
        }
        if (!overwrite && plan.conflicts.length) {
          expect(plan.set).toEqual({});
          expect(plan.executed).toBe(false);
        }
        if (s !== 'pending') expect(plan.executed).toBe(false);
      }),
    );
  });

  it('moves a pending test to executed at the log time, else now', () => {
    const empty = Object.fromEntries(IMPORTED_RED_FIELDS.map((f) => [f, null])) as RedValues;
    const at = new Date('2026-11-30T09:00:00Z');
    expect(
      planFill('pending', empty, { executed_at: at }, { overwrite: false, now, display }),
    ).toMatchObject({
      executed: true,
      set: { executed_at: at },
      filled: ['executed_at'],
    });
    expect(planFill('pending', empty, {}, { overwrite: false, now, display }).set.executed_at).toBe(
      now,
    );
    expect(
      planFill('blocked', empty, { executed_at: at }, { overwrite: false, now, display }).notes[0],
    ).toMatch(/blocked/);
  });
});
