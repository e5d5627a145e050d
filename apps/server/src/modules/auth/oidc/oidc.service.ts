import type { SsoErrorCode } from '@metamorph/contract';
import { eq, lt } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../../context.js';
import { oidcLoginStates } from '../../../db/schema/index.js';
import type { OidcEnv } from '../../../env.js';
import { isUniqueViolation } from '../../../platform/db-errors.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import { safeEqual, sha256Hex } from '../../../platform/crypto.js';
import type { Actor } from '../../../platform/authz.js';
import type { NewSession } from '../auth.service.js';
import { SessionStore, type SessionRow } from '../../../kernel/sessions.js';
import { resolveSsoAccount, SsoRefused } from './oidc.accounts.js';
import { newCodeVerifier, newNonce, newState, type OidcClient } from './oidc.client.js';
import { claimValues, mapRoles, profileFrom, safeReturnTo } from './oidc.rules.js';

/** How long a started sign-in may take at the provider. */
export const STATE_TTL_MS = 10 * 60_000;
export const CALLBACK_PATH = '/api/auth/oidc/callback';

export interface StartResult {
  /** The provider's authorization URL, or the login page with an error. */
  location: string;
  /** Set as the state cookie: binds the sign-in to this browser. */
  state?: string;
}

export interface CallbackInput {
  /** The callback's query string, without the `?`. */
  search: string;
  stateCookie: string | undefined;
  origin: string;
  previous: SessionRow | null;
  audit: AuditContext;
}

export interface CallbackResult {
  location: string;
  session?: NewSession;
}

export const errorLocation = (code: SsoErrorCode): string => `/login?sso_error=${code}`;

/** OpenID Connect sign-in: authorization code + PKCE + state + nonce, sessions like a password login. */
export class OidcService {
  private readonly sessions: SessionStore;
  constructor(
    private readonly ctx: AppContext,
    readonly settings: OidcEnv,
    private readonly client: OidcClient,
    private readonly log: FastifyBaseLogger,
  ) {
    this.sessions = new SessionStore(ctx.db, ctx.clock);
  }

  redirectUri(origin: string): string {
    return this.settings.redirectUri ?? `${this.ctx.env.publicUrl ?? origin}${CALLBACK_PATH}`;
  }

  async start(returnTo: string | undefined, origin: string): Promise<StartResult> {
    const { ctx } = this;
    const state = newState();
    const nonce = newNonce();
    const codeVerifier = newCodeVerifier();
    let url: URL;
    try {
      url = await this.client.authorizationUrl({
        redirectUri: this.redirectUri(origin),
        state,
        nonce,
        codeVerifier,
      });
    } catch (err) {
      this.log.warn({ err }, 'OIDC discovery failed');
      return { location: errorLocation('provider_unavailable') };
    }
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await tx.delete(oidcLoginStates).where(lt(oidcLoginStates.expiresAt, now));
      await tx.insert(oidcLoginStates).values({
        stateHash: sha256Hex(state),
        nonce,
        codeVerifier,
        returnTo: safeReturnTo(returnTo),
        createdAt: now,
        expiresAt: new Date(now.getTime() + STATE_TTL_MS),
      });
    });
    return { location: url.href, state };
  }

  /** Finishes a sign-in; every refusal is audited and nothing is linked or created. */
  async callback(input: CallbackInput): Promise<CallbackResult> {
    try {
      return await this.finish(input);
    } catch (err) {
      const refusal =
        err instanceof SsoRefused
          ? err
          : new SsoRefused('invalid_response', null, { error: describe(err) });
      if (!(err instanceof SsoRefused)) {
        this.log.warn({ err }, 'OIDC callback refused');
      }
      await this.ctx.db.transaction((tx) =>
        appendAudit(tx, this.ctx.clock, input.audit, {
          action: 'sso.login_failed',
          targetId: refusal.userId,
          actorEmail: typeof refusal.detail.email === 'string' ? refusal.detail.email : null,
          after: { reason: refusal.code, issuer: this.settings.issuer, ...refusal.detail },
        }),
      );
      return { location: errorLocation(refusal.code) };
    }
  }

  private async finish(input: CallbackInput): Promise<CallbackResult> {
    const { ctx, settings } = this;
    const params = new URLSearchParams(input.search);
    const state = params.get('state') ?? '';
    // The state must be the one this browser started with, and unused: a row is consumed
    // by the first callback that presents it.
    if (
      !state ||
      !input.stateCookie ||
      !safeEqual(sha256Hex(state), sha256Hex(input.stateCookie))
    ) {
      throw new SsoRefused('invalid_state', null, {
        detail: input.stateCookie ? 'state does not match this browser' : 'no state cookie',
      });
    }
    const [row] = await ctx.db
      .delete(oidcLoginStates)
      .where(eq(oidcLoginStates.stateHash, sha256Hex(state)))
      .returning();
    if (!row) throw new SsoRefused('invalid_state', null, { detail: 'unknown or used state' });
    if (row.expiresAt <= ctx.clock.now()) {
      throw new SsoRefused('invalid_state', null, { detail: 'expired state' });
    }
    const providerError = params.get('error');
    if (providerError) {
      throw new SsoRefused('provider_error', null, {
        error: providerError.slice(0, 100),
        error_description: (params.get('error_description') ?? '').slice(0, 300),
      });
    }
    const callbackUrl = new URL(this.redirectUri(input.origin));
    callbackUrl.search = input.search;
    const claims = await this.client.exchange({
      callbackUrl,
      state,
      nonce: row.nonce,
      codeVerifier: row.codeVerifier,
    });
    const issuer = String(claims.iss);
    const profile = profileFrom(claims);
    const granted = mapRoles(claimValues(claims, settings.roleClaim), settings.roleMap);
    const appSettings = await ctx.settings.get();
    const signIn = () =>
      ctx.db.transaction(async (tx) => {
        const user = await resolveSsoAccount(tx, ctx.clock, input.audit, settings, {
          issuer,
          profile,
          granted,
        });
        if (input.previous) await this.sessions.revoke(tx, input.previous.id);
        const created = await this.sessions.create(
          tx,
          user.id,
          {
            idleMinutes: appSettings['session.idle_timeout_minutes'],
            absoluteHours: appSettings['session.absolute_timeout_hours'],
          },
          { ip: input.audit.ip, userAgent: input.audit.userAgent },
        );
        const actor: Actor = {
          userId: user.id,
          email: user.email,
          displayName: user.displayName,
          permissions: new Set(),
          via: 'session',
          sessionId: created.session.id,
          tokenId: null,
        };
        await appendAudit(
          tx,
          ctx.clock,
          { ...input.audit, actor },
          {
            action: 'sso.login_succeeded',
            targetId: user.id,
            actorEmail: user.email,
            after: { session_id: created.session.id, issuer, subject: profile.subject },
          },
        );
        return created;
      });
    // Two first sign-ins of one new person may race to create the account or the link: the
    // loser's unique violation rolls back, and a second pass finds what the winner created.
    const session = await signIn().catch((err: unknown) => {
      if (isUniqueViolation(err)) return signIn();
      throw err;
    });
    return { location: safeReturnTo(row.returnTo), session };
  }
}

/** A short, secret-free account of a protocol failure (openid-client wraps oauth4webapi's). */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(`${typeof code === 'string' ? `${code}: ` : ''}${e.message}`);
    e = e.cause;
  }
  return (parts.join(' ← ') || String(err)).slice(0, 300);
}
