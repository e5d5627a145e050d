import { z } from 'zod';
import { IsoDate, Uuid } from './common.js';
import { TestState } from '../test-workflow.js';

/** The exercise workspace: bulk actions on a mission's tests and the caller's own queue. */

/** At most this many tests per bulk request. */
export const BULK_MAX_TESTS = 1000;

const TestIds = z
  .array(Uuid)
  .min(1, 'must name at least one test')
  .max(BULK_MAX_TESTS, `must name at most ${BULK_MAX_TESTS} tests`)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a test id');

const Reason = z.string().trim().min(1, 'must not be empty').max(10_000);

/**
 * `POST /api/missions/:id/tests/bulk`: one action over many tests, all or nothing. Each action
 * carries only its own fields (strict: any other key answers 422).
 */
export const BulkTestAction = z.discriminatedUnion('action', [
  z.strictObject({ test_ids: TestIds, action: z.literal('assign'), assignee_id: Uuid.nullable() }),
  z.strictObject({
    test_ids: TestIds,
    action: z.literal('set_planned_day'),
    planned_day: IsoDate.nullable(),
  }),
  z.strictObject({ test_ids: TestIds, action: z.literal('skip'), reason: Reason }),
  z.strictObject({ test_ids: TestIds, action: z.literal('block'), reason: Reason }),
  z.strictObject({ test_ids: TestIds, action: z.literal('reveal') }),
  z.strictObject({
    test_ids: TestIds,
    action: z.literal('set_detection_level'),
    detection_level_id: Uuid,
  }),
  z.strictObject({ test_ids: TestIds, action: z.literal('cleanup_done') }),
  z.strictObject({ test_ids: TestIds, action: z.literal('include_in_report') }),
  z.strictObject({ test_ids: TestIds, action: z.literal('exclude_from_report') }),
]);
export type BulkTestAction = z.infer<typeof BulkTestAction>;
export type BulkActionKind = BulkTestAction['action'];
export const BULK_ACTIONS = BulkTestAction.options.map((o) => o.shape.action.value);

const BULK_KEYS = new Set(BulkTestAction.options.flatMap((o) => Object.keys(o.shape)));

/**
 * Keys no bulk action knows. The union reports only its discriminator when `action` is
 * missing or unknown, so the route names such keys first (a typo is never silently dropped).
 */
export function unknownBulkKeys(body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [];
  return Object.keys(body).filter((k) => !BULK_KEYS.has(k));
}

export const BulkTestResult = z.object({
  /** The tests the action changed, with their new version. */
  updated: z.array(z.object({ id: Uuid, version: z.number().int() })),
  /** The tests already as the action would leave them (not versioned, not audited). */
  unchanged: z.array(Uuid),
});
export type BulkTestResult = z.infer<typeof BulkTestResult>;

/** One test in the caller's queue. */
export const QueueItem = z.object({
  mission_id: Uuid,
  mission_name: z.string(),
  test_id: Uuid,
  test_name: z.string(),
  state: TestState,
  planned_on: z.string().nullable(),
  assignee_id: Uuid.nullable(),
  executed_at: z.string().nullable(),
  /** Seconds since execution (blue review section), else null. */
  waiting_seconds: z.number().int().nullable(),
  state_reason: z.string().nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueSectionKey = z.enum([
  'red_due',
  'blue_review',
  'lead_blocked',
  'lead_overdue',
  'lead_overridden',
]);
export type QueueSectionKey = z.infer<typeof QueueSectionKey>;

export const QueueSection = z.object({
  key: QueueSectionKey,
  /** How many tests the section holds in all; `items` stops at `limit`. */
  total: z.number().int(),
  limit: z.number().int(),
  items: z.array(QueueItem),
});
export type QueueSection = z.infer<typeof QueueSection>;

/** `GET /api/me/queue`: the sections that apply to the caller's roles, in a fixed order. */
export const MyQueue = z.object({
  /** The day "today" and "overdue" are measured against (UTC). */
  today: IsoDate,
  generated_at: z.string(),
  sections: z.array(QueueSection),
});
export type MyQueue = z.infer<typeof MyQueue>;

export const QUEUE_SECTION_LIMIT = 50;
