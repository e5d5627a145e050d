import {
  ErrorCode,
  type ChangePasswordRequest,
  type LoginRequest,
  type LoginResponse,
  type Me,
  type Settings,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { users } from '../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../platform/audit/audit.js';
import { requireActor, type Actor } from '../../platform/authz.js';
import {
  DomainError,
  forbidden,
  unauthenticated,
  validationFailed,
} from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';
import {
  findUserByEmail,
  findUserById,
  loadUserRoles,
  type UserRow,
} from '../../kernel/identity.repo.js';
import { countRecoveryCodesLeft } from './mfa/mfa.repo.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../../kernel/password.js';
import { assertLoginAllowed, recordLoginAttempt } from './rate-limit.js';
import type { ResolvedIdentity } from './authenticate.js';
import { SessionStore, type SessionRow } from '../../kernel/sessions.js';

/** How long the password step of an MFA sign-in waits for the second factor. */
const MFA_PENDING_MINUTES = 10;

export interface NewSession {
  token: string;
  session: SessionRow;
}

export class AuthService {
  readonly sessions: SessionStore;
  constructor(private readonly ctx: AppContext) {
    this.sessions = new SessionStore(ctx.db, ctx.clock);
  }

  /**
   * Checks the credentials; on success replaces any session the browser had with a
   * new one (no fixation). Unknown email and wrong password get the same answer
   * after the same argon2 work.
   */
  async login(
    audit: AuditContext,
    body: LoginRequest,
    previous: SessionRow | null,
  ): Promise<{ response: LoginResponse; session: NewSession }> {
    const { ctx } = this;
    const ip = audit.ip ?? 'unknown';
    const settings = await ctx.settings.get();
    await assertLoginAllowed(ctx.db, ctx.clock, settings, body.email, ip);
    const user = await findUserByEmail(ctx.db, body.email);
    const ok = await verifyPassword(user?.passwordHash ?? null, body.password);
    if (!user || !ok || user.disabledAt) {
      await ctx.db.transaction(async (tx) => {
        await recordLoginAttempt(tx, ctx.clock, body.email, ip, false);
        await appendAudit(tx, ctx.clock, audit, {
          action: 'auth.login_failed',
          targetId: user?.id ?? null,
          actorEmail: body.email,
          after: { reason: !user || !ok ? 'bad_credentials' : 'disabled' },
        });
      });
      if (user && ok && user.disabledAt) {
        throw new DomainError(ErrorCode.AccountDisabled, 'This account is disabled');
      }
      throw unauthenticated('Email or password is incorrect');
    }
    if (user.totpEnabledAt) {
      // Right password, second factor still due: a short-lived session that can only
      // finish the sign-in. Success is recorded once the code is in, so failures count
      // towards the lockout across both steps.
      const pending = await ctx.db.transaction(async (tx) => {
        if (previous) await this.sessions.revoke(tx, previous.id);
        return this.sessions.create(
          tx,
          user.id,
          { idleMinutes: MFA_PENDING_MINUTES, absoluteHours: MFA_PENDING_MINUTES / 60 },
          { ip: audit.ip, userAgent: audit.userAgent, stage: 'mfa_pending' },
        );
      });
      return { response: { status: 'mfa_required', user: null }, session: pending };
    }
    return this.signIn(audit, user, settings, previous, {});
  }

  /**
   * Starts a full session for a user whose credentials are checked (password, or password
   * and second factor): replaces `previous`, records the success, audits the sign-in.
   */
  async signIn(
    audit: AuditContext,
    user: UserRow,
    settings: Settings,
    previous: SessionRow | null,
    details: Record<string, unknown>,
    alsoInTx?: (tx: DbOrTx, actor: Actor) => Promise<void>,
  ): Promise<{ response: LoginResponse; session: NewSession }> {
    const { ctx } = this;
    const session = await ctx.db.transaction(async (tx) => {
      if (previous) await this.sessions.revoke(tx, previous.id);
      await recordLoginAttempt(tx, ctx.clock, user.email, audit.ip ?? 'unknown', true);
      const created = await this.sessions.create(
        tx,
        user.id,
        {
          idleMinutes: settings['session.idle_timeout_minutes'],
          absoluteHours: settings['session.absolute_timeout_hours'],
        },
        { ip: audit.ip, userAgent: audit.userAgent },
      );
      await tx.update(users).set({ lastLoginAt: ctx.clock.now() }).where(eq(users.id, user.id));
      // The new session's user is the actor of their own sign-in.
      const actor = actorFor(user, created.session);
      await appendAudit(
        tx,
        ctx.clock,
        { ...audit, actor },
        {
          action: 'auth.login_succeeded',
          targetId: user.id,
          actorEmail: user.email,
          after: { session_id: created.session.id, ...details },
        },
      );
      if (alsoInTx) await alsoInTx(tx, actor);
      return created;
    });
    // Outside the transaction: PGlite has one connection, so a query on ctx.db
    // while a transaction holds it would wait forever.
    const me = await this.me(actorFor(user, session.session), session.session);
    const status: LoginResponse['status'] = user.mustChangePassword
      ? 'password_change_required'
      : me.mfa_enrollment_required
        ? 'mfa_enrollment_required'
        : 'ok';
    return { response: { status, user: me }, session };
  }

  async logout(
    audit: AuditContext,
    session: SessionRow | null,
    everywhere: boolean,
  ): Promise<void> {
    if (!session) return;
    await this.ctx.db.transaction(async (tx) => {
      if (everywhere) {
        const ended = await this.sessions.revokeAll(tx, session.userId);
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'auth.logout_everywhere',
          targetId: session.userId,
          after: { sessions_ended: ended },
        });
      } else {
        await this.sessions.revoke(tx, session.id);
        await appendAudit(tx, this.ctx.clock, audit, {
          action: 'auth.logout',
          targetId: session.id,
        });
      }
    });
  }

  /** `known`: what authentication already loaded for this request (saves three queries). */
  async me(actor: Actor, session: SessionRow | null, known?: ResolvedIdentity | null): Promise<Me> {
    const user = known?.user ?? (await findUserById(this.ctx.db, actor.userId));
    if (!user) throw unauthenticated();
    const loaded = known ? undefined : await loadUserRoles(this.ctx.db, user.id);
    const roles = known?.roles ?? loaded?.roles ?? [];
    const settings = known?.settings ?? (await this.ctx.settings.get());
    // A token's permissions are capped by its scopes; an actor resolved by authentication
    // already carries its effective set; otherwise (sign-in) they are the roles'.
    const effective = actor.via === 'token' || !loaded ? actor.permissions : loaded.permissions;
    return {
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      roles,
      permissions: [...effective].sort(),
      must_change_password: user.mustChangePassword,
      has_password: user.passwordHash !== null,
      mfa_enabled: user.totpEnabledAt !== null,
      mfa_enrollment_required:
        actor.via === 'session' &&
        settings['mfa.required'] &&
        user.totpEnabledAt === null &&
        user.passwordHash !== null,
      mfa_recovery_codes_left:
        user.totpEnabledAt === null ? 0 : await countRecoveryCodesLeft(this.ctx.db, user.id),
      password_policy: { min_length: settings['password.min_length'] },
      auth: {
        method: actor.via === 'token' ? 'token' : 'session',
        token_id: actor.tokenId,
        session_expires_at: session ? session.expiresAt.toISOString() : null,
      },
    };
  }

  /** Changes the caller's password; every other session ends and this one gets a new id. */
  async changePassword(
    audit: AuditContext,
    session: SessionRow | null,
    body: ChangePasswordRequest,
  ): Promise<NewSession> {
    const actor = requireActor(audit.actor);
    if (actor.via !== 'session' || !session) {
      throw forbidden('Passwords are changed from a signed-in session, not with an API token');
    }
    const { ctx } = this;
    const user = await findUserById(ctx.db, actor.userId);
    if (!user) throw unauthenticated();
    if (!(await verifyPassword(user.passwordHash, body.current_password))) {
      throw validationFailed([{ path: 'body.current_password', message: 'is incorrect' }]);
    }
    if (body.new_password === body.current_password) {
      throw validationFailed([
        { path: 'body.new_password', message: 'must differ from the current password' },
      ]);
    }
    const settings = await ctx.settings.get();
    assertPasswordPolicy(
      'body.new_password',
      body.new_password,
      user.email,
      settings['password.min_length'],
    );
    const hash = await hashPassword(body.new_password);
    return ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      await tx
        .update(users)
        .set({
          passwordHash: hash,
          mustChangePassword: false,
          passwordChangedAt: now,
          updatedAt: now,
        })
        .where(eq(users.id, user.id));
      const ended = await this.sessions.revokeAll(tx, user.id, session.id);
      const rotated = await this.sessions.rotate(tx, session);
      await appendAudit(tx, ctx.clock, audit, {
        action: 'auth.password_changed',
        targetId: user.id,
        after: { other_sessions_ended: ended },
      });
      return rotated;
    });
  }
}

function actorFor(
  user: { id: string; email: string; displayName: string },
  session: SessionRow,
): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    permissions: new Set(),
    via: 'session',
    sessionId: session.id,
    tokenId: null,
  };
}
