import { randomUUID } from 'node:crypto';
import type { LiveEventsQuery, LiveResync, PresenceUpdate } from '@metamorph/contract';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { AppContext } from '../../context.js';
import { requireActor, type Actor } from '../../platform/authz.js';
import { conflict } from '../../platform/errors.js';
import { testAccess } from '../../kernel/mission-test-access.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { EVENT_PAGE, eventsAfter, firstSeqAfter } from './events.repo.js';
import type { LiveHub } from './hub.js';
import { upsertPresence } from './presence.repo.js';
import { parseLastEventId, SSE_HEADERS, sseEvent, sseRetry } from './sse.js';
import { LiveStream } from './stream.js';
import { StreamSlots } from './stream-slots.js';

/** How long an EventSource waits before reconnecting after the stream drops. */
export const RETRY_MS = 3_000;

/** Opens mission event streams and records presence. */
export class LiveService {
  private readonly slots: StreamSlots;
  constructor(
    private readonly ctx: AppContext,
    private readonly hub: LiveHub,
  ) {
    this.slots = new StreamSlots({
      perUser: ctx.env.live.maxStreamsPerUser,
      perSession: ctx.env.live.maxStreamsPerSession,
      perProcess: ctx.env.live.maxStreamsPerProcess,
    });
    ctx.metrics.gauge(
      'metamorph_sse_streams',
      'Mission event streams (SSE) open in this process',
      [],
      () => [{ value: this.slots.total() }],
    );
  }

  /**
   * Answers with an SSE stream: `ready`, then the events after the client's position (replay),
   * then live events and presence, until the client leaves, loses access or the app closes.
   */
  async open(
    request: {
      actor: Actor | null;
      params: { id: string };
      query: LiveEventsQuery;
      headers: IncomingHttpHeaders;
      log: FastifyBaseLogger;
    },
    reply: FastifyReply,
  ): Promise<void> {
    const actor = requireActor(request.actor);
    const missionId = request.params.id.toLowerCase();
    const access = await missionAccess(this.ctx.db, actor, missionId);
    const q = request.query;
    const asked =
      parseLastEventId(request.headers['last-event-id']) ?? q.last_event_id ?? q.after_seq;
    // A position beyond the mission's sequence (a restored database) restarts from now.
    const now = access.mission.changeSeq;
    let cursor = asked === undefined ? now : Math.min(asked, now);
    // Sequences are contiguous per mission: a gap after the cursor means retention pruned
    // events the client has not seen. Nothing is replayed then; the client refetches.
    let resync: LiveResync | undefined;
    if (cursor < now) {
      const first = await firstSeqAfter(this.ctx.db, missionId, cursor);
      if (first === undefined || first > cursor + 1) {
        resync = {
          from_seq: cursor,
          seq: now,
          reason:
            `Events after ${cursor} are past the retention period and no longer replayable; ` +
            'refetch the mission',
        };
        cursor = now;
      }
    }
    // 429 (problem+json, Retry-After) past the per-user / per-session cap; freed on close.
    const release = this.slots.acquire(actor);
    let connectionId: string;
    try {
      connectionId = await this.claimPresence(actor, missionId, q);
    } catch (err) {
      release();
      throw err;
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), ...SSE_HEADERS });
    res.write(sseRetry(RETRY_MS));
    const stream = new LiveStream(
      res,
      { missionId, actor, connectionId, seesHidden: access.seesHidden },
      cursor,
    );
    stream.whenClosed(release);
    if (this.hub.closed) return stream.end();
    try {
      await this.hub.attach(stream);
      if (resync) stream.send(sseEvent('resync', resync));
      stream.send(sseEvent('ready', { connection_id: connectionId, seq: cursor }));
      while (!stream.closed) {
        const rows = await eventsAfter(this.ctx.db, missionId, stream.cursor, EVENT_PAGE);
        stream.replay(rows);
        if (rows.length < EVENT_PAGE) break;
      }
      stream.finishReplay();
      await this.hub.announcePresence(missionId);
    } catch (err) {
      request.log.warn({ err }, 'live stream failed');
      stream.end();
    }
  }

  /** `PUT /presence`: which test this connection views; also keeps it alive without a stream. */
  async updatePresence(actorOrNull: Actor | null, missionId: string, body: PresenceUpdate) {
    const actor = requireActor(actorOrNull);
    await missionAccess(this.ctx.db, actor, missionId);
    // 404 for a test not in the mission or hidden from this blue-only member.
    if (body.test_id) await testAccess(this.ctx.db, actor, missionId, body.test_id);
    const ok = await upsertPresence(
      this.ctx.db,
      { connectionId: body.connection_id, missionId, userId: actor.userId },
      body.test_id,
      this.ctx.clock.now(),
    );
    if (!ok) throw conflict('This connection id is in use by another viewer; pick a new one');
    await this.hub.announcePresence(missionId);
  }

  /** The stream's presence row: the client's connection id when it is free, a new one else. */
  private async claimPresence(actor: Actor, missionId: string, q: LiveEventsQuery) {
    let testId: string | null = null;
    if (q.test_id) {
      testId = await testAccess(this.ctx.db, actor, missionId, q.test_id).then(
        () => q.test_id ?? null,
        () => null,
      );
    }
    const key = { missionId, userId: actor.userId };
    const now = this.ctx.clock.now();
    const wanted = q.connection_id?.toLowerCase();
    if (
      wanted &&
      (await upsertPresence(
        this.ctx.db,
        { ...key, connectionId: wanted },
        testId ?? undefined,
        now,
      ))
    ) {
      return wanted;
    }
    const fresh = randomUUID();
    await upsertPresence(this.ctx.db, { ...key, connectionId: fresh }, testId, now);
    return fresh;
  }
}
