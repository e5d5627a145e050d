import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import { userRecoveryCodes, users } from '../../../db/schema/index.js';
import { newId } from '../../../platform/ids.js';
import type { DbOrTx } from '../../../platform/tx.js';
import { hashRecoveryCode } from './totp.js';

export async function countRecoveryCodesLeft(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(userRecoveryCodes)
    .where(and(eq(userRecoveryCodes.userId, userId), isNull(userRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** Replaces every recovery code of the user with these (stored hashed). */
export async function replaceRecoveryCodes(
  tx: DbOrTx,
  userId: string,
  codes: string[],
  now: Date,
): Promise<void> {
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await tx.insert(userRecoveryCodes).values(
    codes.map((code) => ({
      id: newId(),
      userId,
      codeHash: hashRecoveryCode(code),
      createdAt: now,
    })),
  );
}

/** Spends a recovery code: true once, false when unknown or already used. */
export async function useRecoveryCode(
  db: DbOrTx,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(userRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(userRecoveryCodes.userId, userId),
        eq(userRecoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(userRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: userRecoveryCodes.id });
  return rows.length > 0;
}

/**
 * Records `step` as the last accepted TOTP step, only if it is later than the stored
 * one: false means another request accepted this (or a later) code first.
 */
export async function claimTotpStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

/** Turns the second factor off: secret, pending secret, last step and recovery codes go. */
export async function clearMfa(tx: DbOrTx, userId: string, now: Date): Promise<void> {
  await tx
    .update(users)
    .set({
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      updatedAt: now,
    })
    .where(eq(users.id, userId));
  await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
}
