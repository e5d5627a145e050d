import type { RoleRef, User } from '@metamorph/contract';
import type { UserRow } from '../../kernel/identity.repo.js';

/** The one place a user row becomes its snake_case wire shape (no hash, ever). */
export function toUserWire(row: UserRow, roles: RoleRef[]): User {
  return {
    id: row.id,
    email: row.email,
    display_name: row.displayName,
    roles,
    disabled: row.disabledAt !== null,
    must_change_password: row.mustChangePassword,
    has_password: row.passwordHash !== null,
    mfa_enabled: row.totpEnabledAt !== null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
  };
}

/** How a role set appears in audit before/after: ids and, for the reader, names. */
export function auditRoles(roles: RoleRef[]): { role_ids: string[]; role_names: string[] } {
  const sorted = [...roles].sort((a, b) => a.id.localeCompare(b.id));
  return { role_ids: sorted.map((r) => r.id), role_names: sorted.map((r) => r.name) };
}

/** Opaque cursor: the last email of the page, base64url. */
export function encodeCursor(email: string): string {
  return Buffer.from(email, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const email = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursor(email) === cursor ? email : undefined;
}
