import {
  SETTINGS_DEFAULTS,
  SettingsShape,
  type SettingKey,
  type Settings,
} from '@metamorph/contract';
import { settings } from '../db/schema/index.js';
import type { EventBus } from '../platform/events/types.js';
import type { DbOrTx } from '../platform/tx.js';

/**
 * Current settings: stored values over defaults; a stored value that no longer parses falls back.
 * Reads the database; inside a transaction that must see its own writes, call this. Everywhere
 * else use `ctx.settings` (the cache below). The writes (seed, PATCH /api/settings) live in
 * modules/settings.
 */
export async function readSettings(db: DbOrTx): Promise<Settings> {
  const rows = await db.select().from(settings);
  const out: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
  for (const row of rows) {
    const schema = SettingsShape[row.key as SettingKey] as
      (typeof SettingsShape)[SettingKey] | undefined;
    if (!schema) continue;
    const parsed = schema.safeParse(row.value);
    if (parsed.success) out[row.key] = parsed.data;
  }
  return out as Settings;
}

/** What modules read settings through (`ctx.settings`). */
export interface SettingsReader {
  get(): Promise<Settings>;
  /** Drops this process's copy (after a write it made; other processes hear the trigger). */
  invalidate(): void;
}

/** The fallback refresh if a notification were ever lost without the bus noticing. */
const MAX_AGE_MS = 60_000;

/**
 * Settings cached per process and dropped when any process changes them: a statement trigger on
 * `settings` (migration 0014) sends `{"settings":1}` on the event bus's channel when the writing
 * transaction commits, in this process or another. A reconnected listener (notifications may have
 * been missed) drops it too, and an entry older than a minute is reread regardless. A load that
 * overlaps an invalidation is not kept, so a change is never papered over by an older read.
 */
export class SettingsCache implements SettingsReader {
  private value: Settings | undefined;
  private loadedAt = 0;
  private generation = 0;
  private loading: Promise<Settings> | undefined;

  constructor(
    private readonly db: DbOrTx,
    events: EventBus,
    private readonly now: () => number = Date.now,
  ) {
    events.subscribe((e) => {
      if (e.type === 'settings' || e.type === 'reconnected') this.invalidate();
    });
  }

  invalidate(): void {
    this.generation += 1;
    this.value = undefined;
    this.loading = undefined;
  }

  get(): Promise<Settings> {
    if (this.value && this.now() - this.loadedAt < MAX_AGE_MS) return Promise.resolve(this.value);
    if (this.loading) return this.loading;
    const generation = this.generation;
    const startedAt = this.now();
    const loading = readSettings(this.db).then(
      (value) => {
        if (this.generation === generation) {
          this.value = value;
          this.loadedAt = startedAt;
          this.loading = undefined;
        }
        return value;
      },
      (err: unknown) => {
        if (this.loading === loading) this.loading = undefined;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
  }
}
