import type { ServerResponse } from 'node:http';
import type { PresenceViewer } from '@metamorph/contract';
import type { Actor } from '../../platform/authz.js';
import type { EventRow } from './events.repo.js';
import { presenceFor, type PresenceRow } from './presence.repo.js';
import { sseComment, sseEvent } from './sse.js';

/** A slow client whose unsent output exceeds this is dropped; it reconnects and replays. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export interface StreamIdentity {
  missionId: string;
  /** Who opened the stream: its membership is re-checked while the stream lives. */
  actor: Actor;
  connectionId: string;
  seesHidden: boolean;
}

/**
 * One open SSE response. Keeps its own cursor (the highest sequence it has passed), so events
 * reaching it twice (replay overlapping the live fan-out) are written once and in order.
 */
export class LiveStream {
  cursor: number;
  seesHidden: boolean;
  closed = false;
  private replaying = true;
  private pending: EventRow[] = [];
  private lastPresence = '';
  private readonly onClose = new Set<() => void>();

  constructor(
    private readonly res: ServerResponse,
    readonly id: StreamIdentity,
    cursor: number,
  ) {
    this.cursor = cursor;
    this.seesHidden = id.seesHidden;
    res.on('close', () => this.end());
  }

  /** Live rows from the mission feed; held back until the replay has been written. */
  push(rows: EventRow[]): void {
    if (this.replaying) this.pending.push(...rows);
    else this.write(rows);
  }

  /** Replayed rows (read from the table after this stream joined the feed). */
  replay(rows: EventRow[]): void {
    this.write(rows);
  }

  /** Ends the replay: rows the feed delivered meanwhile go out now, minus the replayed ones. */
  finishReplay(): void {
    this.replaying = false;
    const rows = this.pending;
    this.pending = [];
    this.write(rows);
  }

  presence(rows: PresenceRow[]): void {
    const viewers: PresenceViewer[] = presenceFor(rows, this.seesHidden);
    const text = JSON.stringify(viewers);
    if (text === this.lastPresence) return;
    this.lastPresence = text;
    this.send(sseEvent('presence', { viewers }));
  }

  heartbeat(): void {
    this.send(sseComment('heartbeat'));
  }

  send(chunk: string): void {
    if (this.closed) return;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.end();
  }

  whenClosed(fn: () => void): void {
    if (this.closed) fn();
    else this.onClose.add(fn);
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    if (!this.res.writableEnded) this.res.end();
    for (const fn of this.onClose) fn();
    this.onClose.clear();
  }

  private write(rows: EventRow[]): void {
    for (const row of rows) {
      if (row.event.seq <= this.cursor) continue;
      this.cursor = row.event.seq;
      // Hidden tests never reach blue-only streams; the cursor still moves past them.
      if (row.hidden && !this.seesHidden) continue;
      this.send(sseEvent(row.event.kind, row.event, row.event.seq));
    }
  }
}
