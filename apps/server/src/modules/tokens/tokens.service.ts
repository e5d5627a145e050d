import type {
  ApiToken,
  ApiTokenList,
  CreateApiTokenRequest,
  CreatedApiToken,
  Permission,
} from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/authz.js';
import { randomSecret } from '../../platform/crypto.js';
import { forbidden, notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { API_TOKEN_PREFIX } from '../auth/index.js';
import { hashToken } from '../../kernel/sessions.js';
import { toApiTokenWire } from './tokens.mapper.js';
import { findUserToken, insertToken, listUserTokens, markRevoked } from './tokens.repo.js';

/** How many leading characters of a secret are kept to recognise it in lists. */
export const DISPLAY_PREFIX_LENGTH = 12;
const DAY_MS = 86_400_000;

/** Personal API tokens: named, scoped to a subset of the owner's permissions, expiring, revocable. */
export class TokensService {
  constructor(private readonly ctx: AppContext) {}

  async list(audit: AuditContext): Promise<ApiTokenList> {
    const actor = requireActor(audit.actor);
    const rows = await listUserTokens(this.ctx.db, actor.userId);
    return { items: rows.map(toApiTokenWire) };
  }

  /** Mints a token; its secret is returned here once and only its SHA-256 is kept. */
  async create(audit: AuditContext, body: CreateApiTokenRequest): Promise<CreatedApiToken> {
    const actor = requireActor(audit.actor);
    if (actor.via !== 'session') {
      throw forbidden(
        'API tokens are created from a signed-in session; an API token cannot mint tokens',
      );
    }
    const scopes = [...new Set(body.scopes)].sort();
    const missing = scopes.filter((p) => !actor.permissions.has(p));
    if (missing.length > 0) {
      throw validationFailed([
        {
          path: 'body.scopes',
          message: `a token can only carry permissions you hold yourself; you lack ${missing.join(', ')}`,
        },
      ]);
    }
    const { ctx } = this;
    const secret = API_TOKEN_PREFIX + randomSecret(32);
    const now = ctx.clock.now();
    const row = await ctx.db.transaction(async (tx) => {
      const created = await insertToken(tx, {
        id: newId(),
        userId: actor.userId,
        name: body.name,
        tokenHash: hashToken(secret),
        prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
        scopes,
        createdAt: now,
        expiresAt: new Date(now.getTime() + body.expires_in_days * DAY_MS),
      });
      await appendAudit(tx, ctx.clock, audit, {
        action: 'api_token.created',
        targetId: created.id,
        after: auditView(created.name, scopes, created.expiresAt),
      });
      return created;
    });
    return { token: toApiTokenWire(row), secret };
  }

  /**
   * Revokes one of the caller's tokens. Someone else's token is "not found". A token
   * may revoke itself; revoking the others needs a signed-in session.
   */
  async revoke(audit: AuditContext, id: string): Promise<ApiToken> {
    const actor = requireActor(audit.actor);
    const { ctx } = this;
    const token = await findUserToken(ctx.db, actor.userId, id);
    if (!token) throw notFound('API token');
    if (actor.via === 'token' && actor.tokenId !== token.id) {
      throw forbidden('An API token can revoke only itself; manage other tokens from a session');
    }
    if (token.revokedAt) return toApiTokenWire(token); // already revoked: nothing changes
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await markRevoked(tx, token.id, now);
      await appendAudit(tx, ctx.clock, audit, {
        action: 'api_token.revoked',
        targetId: token.id,
        before: { revoked_at: null },
        after: { name: token.name, revoked_at: now.toISOString() },
      });
    });
    return toApiTokenWire({ ...token, revokedAt: now });
  }
}

function auditView(name: string, scopes: Permission[], expiresAt: Date): Record<string, unknown> {
  return { name, scopes, expires_at: expiresAt.toISOString() };
}
