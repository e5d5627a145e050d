import {
  ErrorCode,
  type LoginResponse,
  type MfaConfirmRequest,
  type MfaEnrollment,
} from '@metamorph/contract';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../../context.js';
import { users } from '../../../db/schema/index.js';
import { appendAudit, type AuditContext } from '../../../platform/audit/audit.js';
import { requireActor, type Actor } from '../../../platform/authz.js';
import {
  DomainError,
  conflict,
  forbidden,
  unauthenticated,
  validationFailed,
} from '../../../platform/errors.js';
import type { AuthService, NewSession } from '../auth.service.js';
import { revealTotp, sealTotp } from './totp-secret.js';
import { findUserById, type UserRow } from '../../../kernel/identity.repo.js';
import { verifyPassword } from '../../../kernel/password.js';
import { assertLoginAllowed, recordLoginAttempt } from '../rate-limit.js';
import type { SessionRow } from '../../../kernel/sessions.js';
import {
  claimTotpStep,
  clearMfa,
  countRecoveryCodesLeft,
  replaceRecoveryCodes,
  useRecoveryCode,
} from './mfa.repo.js';
import {
  TOTP_REJECTION,
  checkTotp,
  isRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrSvg,
} from './totp.js';

type Rejection = 'wrong' | 'expired' | 'replayed' | 'recovery_code_invalid' | 'bad_password';
type Stage = 'sign_in' | 'enrollment' | 'disable' | 'regenerate';

const RECOVERY_REJECTED = 'This recovery code is wrong or has already been used.';

/** TOTP enrolment, the second sign-in step, recovery codes and turning MFA off. */
export class MfaService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  /**
   * Finishes a sign-in that answered `mfa_required`: a TOTP code (once, ±1 step) or an
   * unused recovery code. Wrong codes count towards the login lockout and are audited.
   */
  async challenge(
    audit: AuditContext,
    pending: SessionRow | null,
    code: string,
  ): Promise<{ response: LoginResponse; session: NewSession }> {
    const { ctx } = this;
    if (pending?.stage !== 'mfa_pending') {
      throw unauthenticated(
        'No sign-in is waiting for a second factor (it may have expired): sign in with your email and password first',
      );
    }
    const user = await findUserById(ctx.db, pending.userId);
    if (!user || user.disabledAt || !user.totpSecret) {
      await ctx.db.transaction((tx) => this.auth.sessions.revoke(tx, pending.id));
      throw unauthenticated('Sign in with your email and password again');
    }
    const settings = await ctx.settings.get();
    await assertLoginAllowed(ctx.db, ctx.clock, settings, user.email, audit.ip ?? 'unknown');
    const now = ctx.clock.now();
    if (isRecoveryCode(code)) {
      if (!(await useRecoveryCode(ctx.db, user.id, code, now))) {
        await this.reject(audit, user, 'recovery_code_invalid', 'sign_in');
        throw unauthenticated(RECOVERY_REJECTED);
      }
      const left = await countRecoveryCodesLeft(ctx.db, user.id);
      return this.auth.signIn(
        audit,
        user,
        settings,
        pending,
        { second_factor: 'recovery_code' },
        (tx, actor) =>
          appendAudit(
            tx,
            ctx.clock,
            { ...audit, actor },
            { action: 'mfa.recovery_code_used', targetId: user.id, after: { codes_left: left } },
          ),
      );
    }
    const reason = await this.acceptTotp(user, user.totpSecret, code, now);
    if (reason) {
      await this.reject(audit, user, reason, 'sign_in');
      throw new DomainError(ErrorCode.Unauthenticated, TOTP_REJECTION[reason], {
        context: { reason },
      });
    }
    return this.auth.signIn(audit, user, settings, pending, { second_factor: 'totp' });
  }

  /** A new pending secret with its otpauth URI and QR code; MFA stays as it was until verified. */
  async enroll(audit: AuditContext): Promise<MfaEnrollment> {
    const { user } = await this.sessionUser(audit);
    if (user.totpEnabledAt) {
      throw conflict(
        'Two-factor authentication is already on. Turn it off first to set up another app.',
      );
    }
    const secret = newTotpSecret();
    const uri = otpauthUri(secret, user.email);
    const svg = await qrSvg(uri);
    await this.ctx.db.transaction(async (tx) => {
      const now = this.ctx.clock.now();
      await tx
        .update(users)
        .set({ totpPendingSecret: sealTotp(this.ctx.secrets, user.id, secret), updatedAt: now })
        .where(eq(users.id, user.id));
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'mfa.enrollment_started',
        targetId: user.id,
      });
    });
    return { secret, otpauth_uri: uri, qr_svg: svg };
  }

  /**
   * A current code from the pending secret turns MFA on; ten recovery codes are returned
   * once and the session gets a new id (privilege change).
   */
  async verify(
    audit: AuditContext,
    session: SessionRow | null,
    code: string,
  ): Promise<{ codes: string[]; rotated: NewSession }> {
    const { ctx } = this;
    const { user } = await this.sessionUser(audit);
    if (!session) throw forbidden('Two-factor authentication is set up from a signed-in session');
    if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on');
    if (!user.totpPendingSecret) {
      throw conflict('Start the setup first (POST /api/me/mfa/enroll)');
    }
    const now = ctx.clock.now();
    const pendingSecret = revealTotp(ctx.secrets, user.id, user.totpPendingSecret);
    const check = await checkTotp(pendingSecret, code, now, null);
    if (!check.ok) {
      await this.reject(audit, user, check.reason, 'enrollment', false);
      throw validationFailed([{ path: 'body.code', message: TOTP_REJECTION[check.reason] }]);
    }
    const codes = newRecoveryCodes();
    const rotated = await ctx.db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          totpSecret: user.totpPendingSecret,
          totpPendingSecret: null,
          totpEnabledAt: now,
          totpLastStep: check.step,
          updatedAt: now,
        })
        .where(eq(users.id, user.id));
      await replaceRecoveryCodes(tx, user.id, codes, now);
      await appendAudit(tx, ctx.clock, audit, {
        action: 'mfa.enabled',
        targetId: user.id,
        after: { method: 'totp', recovery_codes: codes.length },
      });
      // Sessions opened with the password alone end: from now on every sign-in needs the code.
      await this.auth.sessions.revokeAll(tx, user.id, session.id);
      return this.auth.sessions.rotate(tx, session);
    });
    return { codes, rotated };
  }

  /** Turns MFA off, proven by the password (or a code for accounts without one). */
  async disable(audit: AuditContext, body: MfaConfirmRequest): Promise<void> {
    const { user } = await this.sessionUser(audit);
    if (!user.totpEnabledAt) throw conflict('Two-factor authentication is not on');
    await this.confirm(audit, user, body, 'disable');
    await this.ctx.db.transaction(async (tx) => {
      await clearMfa(tx, user.id, this.ctx.clock.now());
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'mfa.disabled',
        targetId: user.id,
        before: { mfa_enabled: true },
        after: { mfa_enabled: false },
      });
    });
  }

  /** New recovery codes replace the old ones (shown once). */
  async regenerateRecoveryCodes(audit: AuditContext, body: MfaConfirmRequest): Promise<string[]> {
    const { user } = await this.sessionUser(audit);
    if (!user.totpEnabledAt) throw conflict('Two-factor authentication is not on');
    await this.confirm(audit, user, body, 'regenerate');
    const codes = newRecoveryCodes();
    await this.ctx.db.transaction(async (tx) => {
      await replaceRecoveryCodes(tx, user.id, codes, this.ctx.clock.now());
      await appendAudit(tx, this.ctx.clock, audit, {
        action: 'mfa.recovery_codes_regenerated',
        targetId: user.id,
        after: { recovery_codes: codes.length },
      });
    });
    return codes;
  }

  private async sessionUser(audit: AuditContext): Promise<{ actor: Actor; user: UserRow }> {
    const actor = requireActor(audit.actor);
    if (actor.via !== 'session') {
      throw forbidden(
        'Two-factor authentication is managed from a signed-in session, not with an API token',
      );
    }
    const user = await findUserById(this.ctx.db, actor.userId);
    if (!user) throw unauthenticated();
    return { actor, user };
  }

  /** The password, or for accounts without one a current TOTP code; rate-limited like sign-in. */
  private async confirm(
    audit: AuditContext,
    user: UserRow,
    body: MfaConfirmRequest,
    stage: Stage,
  ): Promise<void> {
    const { ctx } = this;
    const settings = await ctx.settings.get();
    await assertLoginAllowed(ctx.db, ctx.clock, settings, user.email, audit.ip ?? 'unknown');
    if (user.passwordHash) {
      if (body.password === undefined) {
        throw validationFailed([{ path: 'body.password', message: 'is required' }]);
      }
      if (!(await verifyPassword(user.passwordHash, body.password))) {
        await this.reject(audit, user, 'bad_password', stage);
        throw validationFailed([{ path: 'body.password', message: 'is incorrect' }]);
      }
      return;
    }
    if (body.code === undefined || !user.totpSecret) {
      throw validationFailed([{ path: 'body.code', message: 'is required' }]);
    }
    const reason = await this.acceptTotp(user, user.totpSecret, body.code, ctx.clock.now());
    if (reason) {
      await this.reject(audit, user, reason, stage);
      throw validationFailed([{ path: 'body.code', message: TOTP_REJECTION[reason] }]);
    }
  }

  /** Checks a code against the stored (sealed) secret and claims its step; the rejection if not. */
  private async acceptTotp(
    user: UserRow,
    secret: string,
    code: string,
    now: Date,
  ): Promise<'wrong' | 'expired' | 'replayed' | null> {
    const plain = revealTotp(this.ctx.secrets, user.id, secret);
    const check = await checkTotp(plain, code, now, user.totpLastStep);
    if (!check.ok) return check.reason;
    return (await claimTotpStep(this.ctx.db, user.id, check.step)) ? null : 'replayed';
  }

  /** Audits a refused code or password and, unless told otherwise, counts it as a failed sign-in. */
  private async reject(
    audit: AuditContext,
    user: UserRow,
    reason: Rejection,
    stage: Stage,
    counts = true,
  ): Promise<void> {
    const { ctx } = this;
    await ctx.db.transaction(async (tx) => {
      if (counts) {
        await recordLoginAttempt(tx, ctx.clock, user.email, audit.ip ?? 'unknown', false);
      }
      await appendAudit(tx, ctx.clock, audit, {
        action: 'mfa.code_rejected',
        targetId: user.id,
        actorEmail: user.email,
        after: { reason, stage },
      });
    });
  }
}
