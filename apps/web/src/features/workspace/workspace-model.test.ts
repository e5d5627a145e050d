import { ErrorCode } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { EMPTY_FORM, bulkActionsFor, bulkBody, namedTests, resultSummary } from './bulk-model';
import { queueItemNote } from './queue-model';

const mission = (can_manage: boolean, red: boolean, blue: boolean, blind = false) => ({
  can_manage,
  sides: { red, blue },
  visibility: blind ? ('blind' as const) : ('open' as const),
});
const values = (m: ReturnType<typeof mission>) => bulkActionsFor(m).map((a) => a.value);

describe('bulkActionsFor', () => {
  it('offers what the server allows each role', () => {
    expect(values(mission(false, false, false))).toEqual([]);
    expect(values(mission(false, true, false, true))).toEqual([
      'skip',
      'block',
      'reveal',
      'cleanup_done',
    ]);
    expect(values(mission(false, false, true, true))).toEqual([
      'skip',
      'block',
      'set_detection_level',
    ]);
    expect(values(mission(true, true, true))).toHaveLength(8);
    expect(values(mission(true, true, true, true))).toHaveLength(9);
  });
});

describe('bulkBody', () => {
  it('builds each action and waits for required fields', () => {
    expect(bulkBody({ ...EMPTY_FORM, action: 'reveal' }, [])).toBeNull();
    expect(bulkBody(EMPTY_FORM, ['a'])).toBeNull();
    expect(bulkBody({ ...EMPTY_FORM, action: 'skip', reason: '  ' }, ['a'])).toBeNull();
    expect(bulkBody({ ...EMPTY_FORM, action: 'block', reason: 'down' }, ['a'])).toEqual({
      test_ids: ['a'],
      action: 'block',
      reason: 'down',
    });
    expect(bulkBody({ ...EMPTY_FORM, action: 'set_planned_day' }, ['a'])).toEqual({
      test_ids: ['a'],
      action: 'set_planned_day',
      planned_day: null,
    });
    expect(bulkBody({ ...EMPTY_FORM, action: 'assign', assignee: 'u' }, ['a', 'b'])).toEqual({
      test_ids: ['a', 'b'],
      action: 'assign',
      assignee_id: 'u',
    });
    expect(bulkBody({ ...EMPTY_FORM, action: 'set_detection_level' }, ['a'])).toBeNull();
  });
});

describe('namedTests and resultSummary', () => {
  it('names the tests an error is about', () => {
    const err = new ApiError(
      409,
      {
        type: 't',
        title: 'Conflict',
        status: 409,
        code: ErrorCode.InvalidTransition,
        detail: 'no',
        requestId: 'r',
        context: { test_ids: ['t1', '12345678-aaaa'] },
      },
      true,
    );
    expect(namedTests(err, new Map([['t1', 'Kerberoasting']]))).toEqual([
      'Kerberoasting',
      'a test not in this plan (12345678)',
    ]);
    expect(namedTests(new Error('x'), new Map())).toEqual([]);
    expect(resultSummary(10, 0)).toBe('10 tests updated');
    expect(resultSummary(1, 2)).toBe('1 test updated, 2 tests already so');
  });
});

describe('queueItemNote', () => {
  const item = {
    mission_id: 'm',
    mission_name: 'M',
    test_id: 't',
    test_name: 'T',
    state: 'pending' as const,
    planned_on: '2026-12-08',
    assignee_id: null,
    executed_at: null,
    waiting_seconds: null,
    state_reason: null,
  };
  it('says how late, how long, or why', () => {
    expect(queueItemNote('red_due', item, '2026-12-08')).toBe('planned for today');
    expect(queueItemNote('red_due', item, '2026-12-09')).toMatch(/^overdue since /);
    expect(queueItemNote('blue_review', { ...item, waiting_seconds: 125 }, '2026-12-08')).toBe(
      'executed 2 min 5 s ago',
    );
    expect(queueItemNote('lead_blocked', { ...item, state_reason: 'down' }, '2026-12-08')).toBe(
      'blocked: down',
    );
  });
});
