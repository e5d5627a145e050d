import type { Db } from '../../db/client.js';
import type { Clock } from '../../platform/clock.js';
import { currentSeq, EVENT_PAGE, eventsAfter } from './events.repo.js';
import { listPresence } from './presence.repo.js';
import type { LiveStream } from './stream.js';

interface FeedDeps {
  db: Db;
  clock: Clock;
  log: { warn(obj: object, msg: string): void };
  /** Membership or visibility may have changed: the hub re-checks the subscribers. */
  onPlanChanged?: (feed: MissionFeed) => Promise<void>;
}

/**
 * The process-wide fan-out of one mission: whatever wakes it (a NOTIFY, a reconnect, the
 * heartbeat) it reads `mission_events` once for sequences above the highest it has handed
 * out, and gives the rows to every local stream of the mission. Reads never overlap, so rows
 * reach streams in sequence order. Sequences follow commit order (the mission row lock), so a
 * read that sees sequence n also sees every sequence below it: nothing is skipped.
 */
export class MissionFeed {
  readonly streams = new Set<LiveStream>();
  /** Highest sequence read and handed to the streams. */
  delivered = 0;
  readonly ready: Promise<void>;
  private closed = false;
  private running = false;
  private again = false;
  private presenceRunning = false;
  private presenceAgain = false;

  constructor(
    readonly missionId: string,
    private readonly deps: FeedDeps,
  ) {
    this.ready = currentSeq(deps.db, missionId).then((seq) => {
      this.delivered = seq;
    });
    // A failed first read leaves delivered at 0: catching up from there is merely slower.
    this.ready.catch((err: unknown) => deps.log.warn({ err }, 'live feed could not start'));
  }

  /** Something may have been committed: read what is new (coalesced with a read in flight). */
  poke(seq?: number): void {
    if (this.closed || (seq !== undefined && seq <= this.delivered)) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pump().finally(() => {
      this.running = false;
    });
  }

  /** Re-reads the viewers and sends each stream its view when it changed. */
  pokePresence(): void {
    if (this.closed) return;
    if (this.presenceRunning) {
      this.presenceAgain = true;
      return;
    }
    this.presenceRunning = true;
    void this.pumpPresence().finally(() => {
      this.presenceRunning = false;
    });
  }

  close(): void {
    this.closed = true;
  }

  private async pump(): Promise<void> {
    await this.ready.catch(() => undefined);
    do {
      this.again = false;
      try {
        const rows = await eventsAfter(this.deps.db, this.missionId, this.delivered, EVENT_PAGE);
        if (this.closed) return;
        const last = rows.at(-1);
        if (!last) continue;
        this.delivered = last.event.seq;
        // Membership may have changed: a removed member's stream ends before it sees more.
        if (rows.some((r) => r.event.kind === 'plan.changed'))
          await this.deps.onPlanChanged?.(this);
        for (const s of this.streams) if (!s.closed) s.push(rows);
        if (rows.length === EVENT_PAGE) this.again = true;
      } catch (err) {
        // The next NOTIFY or heartbeat retries from the same point.
        this.deps.log.warn({ err, missionId: this.missionId }, 'live feed read failed');
        return;
      }
    } while (this.again && !this.closed);
  }

  private async pumpPresence(): Promise<void> {
    do {
      this.presenceAgain = false;
      try {
        const rows = await listPresence(this.deps.db, this.missionId, this.deps.clock.now());
        if (this.closed) return;
        for (const s of this.streams) s.presence(rows);
      } catch (err) {
        this.deps.log.warn({ err, missionId: this.missionId }, 'presence read failed');
        return;
      }
    } while (this.presenceAgain && !this.closed);
  }
}
