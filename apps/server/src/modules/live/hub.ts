import type { AppContext } from '../../context.js';
import type { BusEvent } from '../../platform/events/types.js';
import { DomainError } from '../../platform/errors.js';
import { missionAccess } from '../../kernel/mission-access.js';
import { MissionFeed } from './feed.js';
import { purgeExpiredPresence, removePresence, touchPresence } from './presence.repo.js';
import type { LiveStream } from './stream.js';

export interface HubOptions {
  /** Heartbeat comment, presence refresh and membership re-check period. */
  heartbeatMs: number;
}

type Log = { warn(obj: object, msg: string): void };

/**
 * This process's open streams, grouped into one feed per mission. Subscribes to the event bus:
 * a change wakes its mission's feed, a presence message re-reads viewers, a bus reconnect makes
 * every feed catch up from the table. The heartbeat also wakes every feed (a safety net for a
 * lost notification), refreshes this process's presence rows and re-checks each subscriber's
 * membership. Holds only connections: everything another process needs is in PostgreSQL.
 */
export class LiveHub {
  private readonly feeds = new Map<string, MissionFeed>();
  private readonly cleanups = new Set<Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closing = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly log: Log,
    opts: HubOptions,
  ) {
    this.unsubscribe = ctx.events.subscribe((e) => this.onBus(e));
    this.timer = setInterval(() => void this.tick(), opts.heartbeatMs);
    this.timer.unref();
  }

  get closed(): boolean {
    return this.closing;
  }

  /** Joins a stream to its mission's feed (created on first use); resolves once the feed knows its position. */
  async attach(stream: LiveStream): Promise<MissionFeed> {
    const missionId = stream.id.missionId;
    let feed = this.feeds.get(missionId);
    if (!feed) {
      feed = new MissionFeed(missionId, {
        db: this.ctx.db,
        clock: this.ctx.clock,
        log: this.log,
        onPlanChanged: async (f) => {
          await Promise.all([...f.streams].map((s) => this.recheck(s)));
        },
      });
      this.feeds.set(missionId, feed);
    }
    feed.streams.add(stream);
    const joined = feed;
    stream.whenClosed(() => this.detach(joined, stream));
    await feed.ready.catch(() => undefined);
    return feed;
  }

  /** Ends every stream (shutdown) and waits for their presence rows to be removed. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    this.unsubscribe();
    for (const feed of this.feeds.values()) {
      for (const s of [...feed.streams]) s.end();
    }
    await Promise.allSettled([...this.cleanups]);
  }

  /** Tells every process (this one included) that a mission's viewers changed. */
  announcePresence(missionId: string): Promise<void> {
    return this.ctx.events.publish({ m: missionId, p: 1 }).catch((err: unknown) => {
      this.log.warn({ err }, 'could not announce presence');
    });
  }

  private detach(feed: MissionFeed, stream: LiveStream): void {
    feed.streams.delete(stream);
    if (feed.streams.size === 0 && this.feeds.get(feed.missionId) === feed) {
      feed.close();
      this.feeds.delete(feed.missionId);
    }
    const cleanup = removePresence(this.ctx.db, [stream.id.connectionId])
      .then(() => this.announcePresence(feed.missionId))
      .catch((err: unknown) => this.log.warn({ err }, 'could not remove presence'));
    this.cleanups.add(cleanup);
    void cleanup.finally(() => this.cleanups.delete(cleanup));
  }

  private onBus(e: BusEvent): void {
    if (e.type === 'reconnected') {
      for (const feed of this.feeds.values()) {
        feed.poke();
        feed.pokePresence();
      }
      return;
    }
    if (e.type === 'settings') return;
    const feed = this.feeds.get(e.missionId);
    if (!feed) return;
    if (e.type === 'change') feed.poke(e.seq);
    else feed.pokePresence();
  }

  private async tick(): Promise<void> {
    const streams = [...this.feeds.values()].flatMap((f) => [...f.streams]);
    // No open stream, no work: expired rows are filtered on read and purged by busier ticks.
    if (this.closing || streams.length === 0) return;
    for (const s of streams) s.heartbeat();
    for (const feed of this.feeds.values()) feed.poke();
    try {
      const now = this.ctx.clock.now();
      await touchPresence(
        this.ctx.db,
        streams.map((s) => s.id.connectionId),
        now,
      );
      await purgeExpiredPresence(this.ctx.db, now);
    } catch (err) {
      this.log.warn({ err }, 'presence heartbeat failed');
    }
    for (const feed of this.feeds.values()) feed.pokePresence();
    await Promise.all(streams.map((s) => this.recheck(s)));
  }

  /** Ends a stream whose user lost access to the mission; follows a role change's visibility. */
  async recheck(stream: LiveStream): Promise<void> {
    if (stream.closed) return;
    try {
      const access = await missionAccess(this.ctx.db, stream.id.actor, stream.id.missionId);
      stream.seesHidden = access.seesHidden;
    } catch (err) {
      if (err instanceof DomainError && err.status === 404) stream.end();
      else this.log.warn({ err }, 'membership re-check failed');
    }
  }
}
