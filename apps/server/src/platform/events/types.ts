import { isUuid } from '../ids.js';

/** The NOTIFY channel every server process listens on (one dedicated connection per process). */
export const MISSION_CHANNEL = 'metamorph_mission_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; ours carry ids only. */
export const MAX_PAYLOAD_BYTES = 8000;

/** A committed change of mission `m`, numbered `s` by the mission's change sequence. */
export interface ChangePayload {
  m: string;
  s: number;
}

/** Ephemeral: "the presence of mission `m` changed" (not stored as an event, no sequence). */
export interface PresencePayload {
  m: string;
  p: 1;
}

export type BusPayload = ChangePayload | PresencePayload;

export type BusEvent =
  | { type: 'change'; missionId: string; seq: number }
  | { type: 'presence'; missionId: string }
  /** A transaction that changed the settings table committed (sent by its trigger). */
  | { type: 'settings' }
  /** The listening connection was re-established: notifications may have been missed. */
  | { type: 'reconnected' };

export type BusListener = (event: BusEvent) => void;

/**
 * Process-wide LISTEN/NOTIFY fan-in: every process hears every mission's notifications and
 * hands them to its local subscribers. Payloads carry ids only; readers fetch the rows.
 */
export interface EventBus {
  /** Starts listening; resolves once LISTEN is active (or the first attempt failed and retries). */
  start(): Promise<void>;
  /** Stops listening and closes the dedicated connection. */
  stop(): Promise<void>;
  subscribe(listener: BusListener): () => void;
  /** Sends an ephemeral message to every process, outside any transaction. */
  publish(payload: PresencePayload): Promise<void>;
}

/** Parses a NOTIFY payload; anything malformed (or not ours) gives null and is ignored. */
export function parsePayload(raw: string | undefined): BusEvent | null {
  if (!raw || raw.length > MAX_PAYLOAD_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { m, s, p, settings } = value as Record<string, unknown>;
  if (settings === 1) return { type: 'settings' };
  if (!isUuid(m)) return null;
  if (typeof s === 'number' && Number.isSafeInteger(s) && s > 0) {
    return { type: 'change', missionId: m.toLowerCase(), seq: s };
  }
  if (p === 1) return { type: 'presence', missionId: m.toLowerCase() };
  return null;
}

export function encodePayload(payload: BusPayload): string {
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) >= MAX_PAYLOAD_BYTES) throw new Error('NOTIFY payload too large');
  return text;
}

/** Delivers to every listener; one listener throwing does not starve the others. */
export class Listeners {
  private readonly set = new Set<BusListener>();
  constructor(private readonly onError: (err: unknown) => void) {}
  add(listener: BusListener): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(event: BusEvent): void {
    for (const l of [...this.set]) {
      try {
        l(event);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
