import type { SsoErrorCode } from '@metamorph/contract';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { OidcEnv } from '../../../env.js';
import { roles, sessions, userIdentities, users } from '../../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { newId } from '../../../platform/ids.js';
import type { Tx } from '../../../platform/tx.js';
import { insertUser, setUserRoles } from '../../../kernel/users.repo.js';
import {
  findUserByEmail,
  findUserById,
  loadUserRoles,
  type UserRow,
} from '../../../kernel/identity.repo.js';
import { nextRoles, type SsoProfile } from './oidc.rules.js';

/** A refused sign-in: the transaction rolls back (nothing linked or created), then it is audited. */
export class SsoRefused extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly userId: string | null = null,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SsoRefused';
  }
}

export interface SsoAccountInput {
  issuer: string;
  profile: SsoProfile;
  /** Role keys the provider's claim maps to. */
  granted: string[];
}

/**
 * Finds the account for a verified SSO identity, inside the caller's transaction:
 * linked identity (issuer + subject) → that user; else an account with the same email,
 * linked only when the provider says the email is verified; else a new SSO-only account
 * (no password) when just-in-time provisioning is on. Then applies the mapped roles.
 */
export async function resolveSsoAccount(
  tx: Tx,
  clock: Clock,
  audit: AuditContext,
  settings: OidcEnv,
  input: SsoAccountInput,
): Promise<UserRow> {
  const { issuer, profile } = input;
  const now = clock.now();
  const [identity] = await tx
    .select()
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, profile.subject)));
  let user = identity ? await findUserById(tx, identity.userId) : undefined;
  if (!user) {
    if (!profile.email) throw new SsoRefused('no_email');
    const existing = await findUserByEmail(tx, profile.email);
    if (!profile.emailVerified) {
      throw new SsoRefused('email_unverified', existing?.id ?? null, {
        email: profile.email,
        existing_account: existing !== undefined,
      });
    }
    if (existing) {
      if (existing.disabledAt) throw new SsoRefused('account_disabled', existing.id);
      user = existing;
      await appendAudit(tx, clock, audit, {
        action: 'sso.account_linked',
        targetId: user.id,
        actorEmail: user.email,
        after: { issuer, subject: profile.subject, email: profile.email },
      });
    } else {
      if (!settings.jit) throw new SsoRefused('not_provisioned', null, { email: profile.email });
      user = await insertUser(tx, {
        id: newId(),
        email: profile.email,
        displayName: (profile.displayName ?? profile.email).slice(0, 120),
        passwordHash: null,
        mustChangePassword: false,
        createdAt: now,
        updatedAt: now,
      });
      await appendAudit(tx, clock, audit, {
        action: 'sso.user_provisioned',
        targetId: user.id,
        actorEmail: user.email,
        after: { issuer, subject: profile.subject, email: user.email },
      });
    }
    await tx.insert(userIdentities).values({
      id: newId(),
      userId: user.id,
      issuer,
      subject: profile.subject,
      email: profile.email,
      createdAt: now,
    });
  }
  if (user.disabledAt) throw new SsoRefused('account_disabled', user.id);
  await applyRoles(tx, clock, audit, settings, user, input.granted);
  await tx
    .update(userIdentities)
    .set({ lastLoginAt: now, email: profile.email })
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, profile.subject)));
  await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
  return user;
}

/** Brings the user's provider-managed roles in line with the claim; audited when they change. */
async function applyRoles(
  tx: Tx,
  clock: Clock,
  audit: AuditContext,
  settings: OidcEnv,
  user: UserRow,
  granted: string[],
): Promise<void> {
  const current = (await loadUserRoles(tx, user.id)).roles;
  const currentKeys = current.flatMap((r) => (r.key ? [r.key] : []));
  // Built-in and keyed roles only; a key in the map that names no role is ignored.
  const known = new Map(
    (await tx.select({ id: roles.id, key: roles.key }).from(roles).where(isNotNull(roles.key))).map(
      (r) => [r.key ?? '', r.id],
    ),
  );
  const fallback =
    settings.defaultRole && known.has(settings.defaultRole) ? settings.defaultRole : null;
  const wanted = nextRoles(
    currentKeys,
    granted.filter((k) => known.has(k)),
    settings.roleMap,
    fallback,
  );
  if (!wanted) throw new SsoRefused('no_role', user.id, { granted });
  const same = wanted.length === currentKeys.length && wanted.every((k) => currentKeys.includes(k));
  if (same) return;
  // Custom roles (no key) are never managed by the provider: they stay.
  const custom = current.filter((r) => r.key === null).map((r) => r.id);
  const ids = [...custom, ...wanted.flatMap((k) => known.get(k) ?? [])];
  await setUserRoles(tx, user.id, ids);
  // The user's other sessions get a new id at their next request (privilege change).
  await tx.update(sessions).set({ rotateRequired: true }).where(eq(sessions.userId, user.id));
  await appendAudit(tx, clock, audit, {
    action: 'sso.roles_changed',
    targetId: user.id,
    actorEmail: user.email,
    before: { roles: currentKeys },
    after: { roles: wanted },
  });
}
