import type { PGlite } from '@electric-sql/pglite';
import {
  encodePayload,
  Listeners,
  MISSION_CHANNEL,
  parsePayload,
  type BusListener,
  type EventBus,
  type PresencePayload,
} from './types.js';

/**
 * PGlite (single process): LISTEN on the same instance the app writes through. PGlite delivers
 * a NOTIFY issued inside a transaction when, and only if, that transaction commits, exactly as
 * PostgreSQL does, so both drivers share the same code path above the bus.
 */
export class PgliteEventBus implements EventBus {
  private readonly listeners: Listeners;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly client: PGlite,
    onError: (err: unknown) => void,
  ) {
    this.listeners = new Listeners(onError);
  }

  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.client.listen(MISSION_CHANNEL, (raw) => {
      const event = parsePayload(raw);
      if (event) this.listeners.emit(event);
    });
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    if (unlisten && !this.client.closed) await unlisten();
  }

  subscribe(listener: BusListener): () => void {
    return this.listeners.add(listener);
  }

  async publish(payload: PresencePayload): Promise<void> {
    await this.client.query('SELECT pg_notify($1, $2)', [MISSION_CHANNEL, encodePayload(payload)]);
  }
}
