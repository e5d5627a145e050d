import { z } from 'zod';

/** `GET /api/auth/oidc`: whether single sign-on is configured, and the button's label. */
export const OidcStatus = z.object({
  enabled: z.boolean(),
  /** "Sign in with <label>". */
  label: z.string(),
});
export type OidcStatus = z.infer<typeof OidcStatus>;

/** `GET /api/auth/oidc/start?return_to=/path`: where to land after signing in. */
export const OidcStartQuery = z.object({
  return_to: z.string().max(2048).optional(),
});
export type OidcStartQuery = z.infer<typeof OidcStartQuery>;

/** Why an SSO sign-in was refused: `/login?sso_error=<code>`. */
export const SsoErrorCode = z.enum([
  'not_configured',
  'provider_unavailable',
  'invalid_state',
  'provider_error',
  'invalid_response',
  'no_email',
  'email_unverified',
  'not_provisioned',
  'account_disabled',
  'no_role',
  'rate_limited',
]);
export type SsoErrorCode = z.infer<typeof SsoErrorCode>;

/** The sentence the login page shows for each refusal. */
export const SSO_ERROR_MESSAGES: Record<SsoErrorCode, string> = {
  not_configured: 'Single sign-on is not configured on this server.',
  provider_unavailable:
    'The identity provider could not be reached. Try again in a moment, or sign in with your password.',
  invalid_state:
    'This sign-in attempt has expired or was not started from this browser. Start again with the SSO button.',
  provider_error:
    'The identity provider did not sign you in (it refused or the sign-in was cancelled).',
  invalid_response:
    'The identity provider’s answer could not be verified, so you were not signed in. Start again; if it persists, tell your administrator.',
  no_email: 'The identity provider did not share an email address for your account.',
  email_unverified:
    'The identity provider has not verified your email address, so Metamorph did not link or create an account for it. Verify the address with your provider, or ask your administrator.',
  not_provisioned:
    'There is no Metamorph account for you yet, and automatic account creation is off. Ask your administrator for access.',
  account_disabled: 'Your Metamorph account is disabled.',
  no_role:
    'Your identity provider groups do not grant any Metamorph role. Ask your administrator for access.',
  rate_limited:
    'Too many single sign-on attempts from your network in the last minute. Wait a minute and try again.',
};
