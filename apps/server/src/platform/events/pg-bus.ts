import pg from 'pg';
import type { RawQuery } from '../../db/client.js';
import {
  encodePayload,
  Listeners,
  MISSION_CHANNEL,
  parsePayload,
  type BusListener,
  type EventBus,
  type PresencePayload,
} from './types.js';

export interface PgBusOptions {
  /** Connection settings of the dedicated listening client (never a pooled connection). */
  connection: pg.ClientConfig;
  /** Publishes through the pool: NOTIFY outside a transaction is sent at once. */
  query: RawQuery;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * PostgreSQL: one dedicated `pg.Client` per process runs `LISTEN`. When it drops it reconnects
 * with exponential backoff and emits `reconnected`, on which every reader catches up from the
 * event table, so a notification lost while disconnected costs latency, never an event.
 */
export class PgEventBus implements EventBus {
  private readonly listeners: Listeners;
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private started = false;
  private backoff: number;

  constructor(private readonly opts: PgBusOptions) {
    this.listeners = new Listeners((err) => opts.log.warn({ err }, 'event listener failed'));
    this.backoff = opts.minBackoffMs ?? 250;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    await this.connect(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.retry = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  subscribe(listener: BusListener): () => void {
    return this.listeners.add(listener);
  }

  async publish(payload: PresencePayload): Promise<void> {
    await this.opts.query('SELECT pg_notify($1, $2)', [MISSION_CHANNEL, encodePayload(payload)]);
  }

  /** Whether the listening connection is up (for tests and readiness). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** The backend pid of the listening connection (tests terminate it to force a reconnect). */
  async backendPid(): Promise<number | undefined> {
    const rows = await this.client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows?.rows[0]?.pid;
  }

  private async connect(announce: boolean): Promise<void> {
    const client = new pg.Client({
      ...this.opts.connection,
      application_name: 'metamorph-listen',
      keepAlive: true,
    });
    client.on('notification', (n) => {
      if (n.channel !== MISSION_CHANNEL) return;
      const event = parsePayload(n.payload);
      if (event) this.listeners.emit(event);
    });
    client.on('error', (err) => {
      this.opts.log.warn({ err }, 'event listener connection failed');
      this.dropped(client);
    });
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${MISSION_CHANNEL}`);
    } catch (err) {
      this.opts.log.warn({ err }, 'could not listen for mission events; retrying');
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.schedule();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoff = this.opts.minBackoffMs ?? 250;
    if (announce) {
      this.opts.log.info({}, 'listening for mission events again');
      this.listeners.emit({ type: 'reconnected' });
    }
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    const delay = this.backoff;
    this.backoff = Math.min(delay * 2, this.opts.maxBackoffMs ?? 10_000);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.stopped) void this.connect(true);
    }, delay);
  }
}
