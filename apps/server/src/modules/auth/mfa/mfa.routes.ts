import {
  LoginResponse,
  MfaChallengeRequest,
  MfaConfirmRequest,
  MfaEnrollment,
  MfaRecoveryCodes,
  MfaVerifyRequest,
} from '@metamorph/contract';
import type { App, AppContext } from '../../../context.js';
import { cookiePolicy, setSessionCookie } from '../cookies.js';
import type { MfaService } from './mfa.service.js';

/** The second sign-in step and the user's own TOTP settings. */
export function mfaRoutes(app: App, ctx: AppContext, mfa: MfaService): void {
  const cookies = cookiePolicy(ctx.env.publicUrl);

  app.post(
    '/api/auth/mfa',
    {
      config: {
        auth: 'public',
        csrfAlways: true,
        allowDuringPasswordChange: true,
        allowMfaPending: true,
      },
      schema: {
        tags: ['auth'],
        summary:
          'Second sign-in step after `mfa_required`: a TOTP code or a recovery code; the session gets a new id',
        body: MfaChallengeRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const { response, session } = await mfa.challenge(
        request.auditContext(),
        request.session,
        request.body.code,
      );
      setSessionCookie(reply, cookies, session.token, session.session.expiresAt);
      return response;
    },
  );

  const tags = ['me'];
  const config = { auth: 'user', self: true, allowDuringMfaEnrollment: true } as const;

  app.post(
    '/api/me/mfa/enroll',
    {
      config,
      schema: {
        tags,
        summary:
          'Start setting up TOTP: a new secret, its otpauth URI and QR code (SVG); on after verify',
        response: { 200: MfaEnrollment },
      },
    },
    async (request) => mfa.enroll(request.auditContext()),
  );

  app.post(
    '/api/me/mfa/verify',
    {
      config,
      schema: {
        tags,
        summary:
          'Turn TOTP on with a current code; returns ten recovery codes (shown once), the session gets a new id',
        body: MfaVerifyRequest,
        response: { 200: MfaRecoveryCodes },
      },
    },
    async (request, reply) => {
      const { codes, rotated } = await mfa.verify(
        request.auditContext(),
        request.session,
        request.body.code,
      );
      setSessionCookie(reply, cookies, rotated.token, rotated.session.expiresAt);
      return { recovery_codes: codes };
    },
  );

  app.delete(
    '/api/me/mfa',
    {
      config: { auth: 'user', self: true },
      schema: {
        tags,
        summary: 'Turn TOTP off with the current password (accounts without one: a current code)',
        body: MfaConfirmRequest,
      },
    },
    async (request, reply) => {
      await mfa.disable(request.auditContext(), request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/me/mfa/recovery-codes',
    {
      config: { auth: 'user', self: true },
      schema: {
        tags,
        summary: 'Replace the recovery codes (password, or a code without one); shown once',
        body: MfaConfirmRequest,
        response: { 200: MfaRecoveryCodes },
      },
    },
    async (request) => ({
      recovery_codes: await mfa.regenerateRecoveryCodes(request.auditContext(), request.body),
    }),
  );
}
