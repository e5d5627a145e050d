import { z } from 'zod';
import { IsoDateTime, Uuid } from './common.js';

/**
 * Live collaboration: `GET /api/missions/:id/events` is a Server-Sent Events stream. Mission
 * events carry `id:` = the mission's change sequence (resume with `Last-Event-ID`, or
 * `?last_event_id=` / `?after_seq=`); `ready` and `presence` carry no id.
 */
export const LiveEventKind = z.enum([
  'test.changed',
  'test.revealed',
  'evidence.added',
  'evidence.removed',
  'evidence.changed',
  'plan.changed',
  'finding.changed',
]);
export type LiveEventKind = z.infer<typeof LiveEventKind>;

/** The `data:` of every mission event (the SSE `event:` is its kind, the `id:` its seq). */
export const LiveEvent = z.object({
  seq: z.number().int().positive(),
  kind: LiveEventKind,
  test_id: Uuid.nullable(),
  evidence_id: Uuid.nullable(),
  /** Only on finding events (`finding.changed`). */
  finding_id: Uuid.optional(),
  actor_id: Uuid.nullable(),
  at: IsoDateTime,
});
export type LiveEvent = z.infer<typeof LiveEvent>;

/** First event of every stream: this stream's presence connection and where it starts. */
export const LiveReady = z.object({
  connection_id: Uuid,
  /** Events after this sequence follow (replayed first when the client resumed). */
  seq: z.number().int().nonnegative(),
});
export type LiveReady = z.infer<typeof LiveReady>;

/**
 * Sent before `ready` when the client resumed from a position whose following events were
 * pruned (older than `EVENT_RETENTION_DAYS`): nothing is replayed; refetch the mission's state.
 */
export const LiveResync = z.object({
  /** The position the client asked to resume from. */
  from_seq: z.number().int().nonnegative(),
  /** The mission's sequence now: live events follow from here. */
  seq: z.number().int().nonnegative(),
  reason: z.string(),
});
export type LiveResync = z.infer<typeof LiveResync>;

export const PresenceViewer = z.object({
  user_id: Uuid,
  display_name: z.string(),
  /** The test being viewed; null on the mission's other pages (or a test hidden from you). */
  test_id: Uuid.nullable(),
});
export type PresenceViewer = z.infer<typeof PresenceViewer>;

/** `event: presence`: everyone viewing the mission now, one entry per user and test. */
export const PresenceSnapshot = z.object({ viewers: z.array(PresenceViewer) });
export type PresenceSnapshot = z.infer<typeof PresenceSnapshot>;

const Seq = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const LiveEventsQuery = z.object({
  /** EventSource cannot set headers on its first request: same as `Last-Event-ID`. */
  last_event_id: Seq.optional(),
  after_seq: Seq.optional(),
  /** A client-chosen id (e.g. crypto.randomUUID() per tab) for presence; one is made if absent. */
  connection_id: Uuid.optional(),
  /** The test the client is viewing when it connects. */
  test_id: Uuid.optional(),
});
export type LiveEventsQuery = z.infer<typeof LiveEventsQuery>;

/** `PUT /api/missions/:id/presence`: what this connection views now; also refreshes it. */
export const PresenceUpdate = z.strictObject({
  connection_id: Uuid,
  test_id: Uuid.nullable(),
});
export type PresenceUpdate = z.infer<typeof PresenceUpdate>;
