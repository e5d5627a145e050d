import {
  SETTINGS_DEFAULTS,
  SettingsShape,
  type SettingKey,
  type Settings,
  type UpdateSettingsRequest,
} from '@metamorph/contract';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { settings } from '../../db/schema/index.js';
import { readSettings } from '../../kernel/settings.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requirePermission } from '../../platform/authz.js';
import { assertSafePatterns } from '../reports/index.js';

const KEYS = Object.keys(SettingsShape) as SettingKey[];

/** Inserts the defaults for keys not stored yet; never overwrites an admin's choice. */
export async function seedSettings(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(settings)
    .values(KEYS.map((key) => ({ key, value: SETTINGS_DEFAULTS[key], updatedAt: now })))
    .onConflictDoNothing();
  ctx.settings.invalidate();
}

export async function updateSettings(
  ctx: AppContext,
  audit: AuditContext,
  patch: UpdateSettingsRequest,
): Promise<Settings> {
  const actor = requirePermission(audit.actor, 'admin.settings');
  // Admin regular expressions run over report text: refused unless provably safe (422, nothing saved).
  const patterns = patch['reports.redaction_patterns'];
  if (patterns) await assertSafePatterns(patterns);
  const saved = await ctx.db.transaction(async (tx) => {
    const current = await readSettings(tx);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const now = ctx.clock.now();
    for (const key of Object.keys(patch) as SettingKey[]) {
      const value = patch[key];
      if (value === undefined || value === current[key]) continue;
      before[key] = current[key];
      after[key] = value;
      await tx
        .insert(settings)
        .values({ key, value, updatedAt: now, updatedBy: actor.userId })
        .onConflictDoUpdate({
          target: settings.key,
          set: { value: sql`excluded.value`, updatedAt: now, updatedBy: actor.userId },
        });
    }
    if (Object.keys(after).length > 0) {
      await appendAudit(tx, ctx.clock, audit, {
        action: 'settings.updated',
        targetId: null,
        before,
        after,
      });
    }
    return { ...current, ...after } as Settings;
  });
  // This process's next read sees the change at once; others drop theirs on the trigger's NOTIFY.
  ctx.settings.invalidate();
  return saved;
}
