import { isPermission, type ApiToken } from '@metamorph/contract';
import type { ApiTokenRow } from './tokens.repo.js';

/** The wire shape of a token: never the secret, never its hash. */
export function toApiTokenWire(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // A permission dropped from the catalogue since creation grants nothing any more.
    scopes: row.scopes.filter(isPermission),
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
