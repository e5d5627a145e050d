import { ErrorCode } from '@metamorph/contract';
import type { Actor } from '../../platform/authz.js';
import { DomainError } from '../../platform/errors.js';

/** How long a refused client is told to wait: about one stream's reconnect. */
export const STREAM_RETRY_AFTER_S = 10;

export interface StreamCaps {
  perUser: number;
  perSession: number;
  /** All streams of this process together (memory and sockets are per process). */
  perProcess: number;
}

/**
 * Counts the event streams open in this process per user and per session (API tokens have no
 * session: only the user cap applies) and refuses one more with 429. Per process: behind a load
 * balancer with N processes a user may hold up to N × the cap (documented in the README).
 */
export class StreamSlots {
  private readonly users = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private open = 0;

  constructor(private readonly caps: StreamCaps) {}

  /** Takes a slot for `actor` or throws a 429 DomainError; the returned release is idempotent. */
  acquire(actor: Actor): () => void {
    const session = actor.sessionId;
    if (this.open >= this.caps.perProcess) throw tooMany(this.caps.perProcess, 'process');
    if (session !== null && (this.sessions.get(session) ?? 0) >= this.caps.perSession) {
      throw tooMany(this.caps.perSession, 'session');
    }
    if ((this.users.get(actor.userId) ?? 0) >= this.caps.perUser) {
      throw tooMany(this.caps.perUser, 'user');
    }
    bump(this.users, actor.userId, 1);
    if (session !== null) bump(this.sessions, session, 1);
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      bump(this.users, actor.userId, -1);
      if (session !== null) bump(this.sessions, session, -1);
    };
  }

  /** Open streams in this process (metrics). */
  total(): number {
    return this.open;
  }

  /** Open streams of one user (tests and metrics). */
  openFor(userId: string): number {
    return this.users.get(userId) ?? 0;
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

function tooMany(cap: number, scope: 'user' | 'session' | 'process'): DomainError {
  return new DomainError(
    ErrorCode.RateLimited,
    scope === 'process'
      ? `This server process already holds ${cap} event streams; try again later`
      : `${cap} event streams are already open for this ${scope}; close one (another tab or ` +
          `client) or try again later`,
    { context: { retry_after_s: STREAM_RETRY_AFTER_S, max_streams: cap, scope } },
  );
}
