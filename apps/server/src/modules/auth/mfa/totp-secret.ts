import { eq, isNotNull, or } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { users } from '../../../db/schema/index.js';
import { EnvError } from '../../../env.js';
import { SecretBox, SecretKeyMismatch } from '../../../platform/secrets/secret-box.js';
import type { DbOrTx } from '../../../platform/tx.js';
import {
  appendAudit,
  systemAuditContext,
  type AuditContext,
} from '../../../platform/audit/audit.js';
import type { Clock } from '../../../platform/clock.js';

/** A TOTP secret is bound to its user: a sealed value moved to another row does not open. */
const context = (userId: string) => `users.totp:${userId}`;

export const sealTotp = (box: SecretBox, userId: string, plain: string): string =>
  box.seal(plain, context(userId));

/** The base32 secret of a stored value (sealed, or plaintext from before sealing existed). */
export function revealTotp(box: SecretBox, userId: string, stored: string): string {
  return SecretBox.isSealed(stored) ? box.open(stored, context(userId)) : stored;
}

type Column = 'totpSecret' | 'totpPendingSecret';
const COLUMNS: readonly Column[] = ['totpSecret', 'totpPendingSecret'];

async function storedSecrets(db: DbOrTx) {
  return db
    .select({
      id: users.id,
      totpSecret: users.totpSecret,
      totpPendingSecret: users.totpPendingSecret,
    })
    .from(users)
    .where(or(isNotNull(users.totpSecret), isNotNull(users.totpPendingSecret)));
}

/**
 * At start: every stored secret must open under a key this process holds — else start-up is
 * refused, naming the key id, rather than every MFA user being locked out at sign-in. Secrets
 * stored in plaintext (before this release) are sealed, in one transaction.
 */
export async function checkAndSealTotpSecrets(ctx: AppContext): Promise<{ sealed: number }> {
  const box = ctx.secrets;
  return ctx.db.transaction(async (tx) => {
    const rows = await storedSecrets(tx);
    const unknown = new Map<string, number>();
    let sealed = 0;
    for (const row of rows) {
      const patch: Partial<Record<Column, string>> = {};
      for (const column of COLUMNS) {
        const value = row[column];
        if (value === null) continue;
        if (!SecretBox.isSealed(value)) {
          patch[column] = sealTotp(box, row.id, value);
          continue;
        }
        try {
          revealTotp(box, row.id, value);
        } catch (err) {
          if (!(err instanceof SecretKeyMismatch)) throw err;
          unknown.set(err.keyId, (unknown.get(err.keyId) ?? 0) + 1);
        }
      }
      if (Object.keys(patch).length > 0) {
        await tx.update(users).set(patch).where(eq(users.id, row.id));
        sealed += Object.keys(patch).length;
      }
    }
    if (unknown.size === 0 && sealed > 0) {
      await appendAudit(tx, ctx.clock, systemAuditContext, {
        action: 'secrets.sealed',
        targetId: null,
        after: { key_id: box.currentKeyId, totp_secrets: sealed },
      });
    }
    if (unknown.size > 0) {
      const list = [...unknown].map(([id, n]) => `${n} under key ${id || '?'}`).join(', ');
      throw new EnvError([
        `METAMORPH_SECRET_KEY: stored two-factor secrets do not open with the configured key ` +
          `(this process seals with key ${box.currentKeyId}; ${list}). Set the key they were ` +
          `sealed with (or list it in METAMORPH_SECRET_KEY_PREVIOUS); refusing to start rather ` +
          `than lock every two-factor user out.`,
      ]);
    }
    return { sealed };
  });
}

/** Rotation: every stored secret not sealed under the current key is re-sealed under it. */
export async function resealTotpSecrets(
  db: DbOrTx,
  clock: Clock,
  audit: AuditContext,
  box: SecretBox,
): Promise<number> {
  return db.transaction(async (tx) => {
    let count = 0;
    for (const row of await storedSecrets(tx)) {
      const patch: Partial<Record<Column, string>> = {};
      for (const column of COLUMNS) {
        const value = row[column];
        if (value === null) continue;
        if (SecretBox.keyIdOf(value) === box.currentKeyId) continue;
        patch[column] = sealTotp(box, row.id, revealTotp(box, row.id, value));
      }
      if (Object.keys(patch).length > 0) {
        await tx.update(users).set(patch).where(eq(users.id, row.id));
        count += Object.keys(patch).length;
      }
    }
    await appendAudit(tx, clock, audit, {
      action: 'secrets.rotated',
      targetId: null,
      after: { key_id: box.currentKeyId, totp_secrets: count },
    });
    return count;
  });
}
