import {
  SETTINGS_DEFAULTS,
  SettingsShape,
  type SettingKey,
  type Settings,
} from '@metamorph/contract';
import { settings } from '../db/schema/index.js';
import type { DbOrTx } from '../platform/tx.js';

/**
 * Current settings: stored values over defaults; a stored value that no longer parses falls back.
 * Read from the database on every call (no cache), so a change made by another process is seen
 * at once. The writes (seed, PATCH /api/settings) live in modules/settings.
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
