import { expect, test } from '../fixtures.js';
import { ENV } from '../paths.js';
import { SSO_ACCOUNTS } from '../server.js';

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
});

test('SSO: sign in at the OpenID provider, land as a Purple lead, sign out', async ({
  page,
  pageErrors,
  shot,
}) => {
  const pat = SSO_ACCOUNTS['pat.purple'];
  await page.goto('/login?next=%2Fmissions');
  const sso = page.getByTestId('sso-button');
  await expect(sso).toHaveText('Sign in with SSO');
  await shot(page, 'sso-login-page');

  // The provider's own (development) sign-in form, on another origin.
  await sso.click();
  await page.locator('input[name="login"]').fill('pat.purple');
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();

  // Back in Metamorph, signed in, on the page asked for, with the mapped role.
  await expect(page).toHaveURL(/\/missions$/);
  await expect(page.getByTestId('missions-page')).toBeVisible();
  await expect(page.getByTestId('missions-new')).toBeVisible(); // leads create missions
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-menu-email')).toHaveText(pat.email);
  await page.keyboard.press('Escape');
  await shot(page, 'sso-signed-in');

  await page.goto('/account');
  await expect(page.getByTestId('profile-email')).toHaveText(pat.email);
  await expect(page.getByText('Purple lead', { exact: true })).toBeVisible();

  // Signing out ends the local session.
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-page')).toBeVisible();
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  // The provider's development page fetches a web font and a favicon: not Metamorph's errors.
  const issuer = process.env[ENV.ssoIssuer] ?? 'no issuer';
  const ours = pageErrors.filter(
    (e) => !/status of 401/.test(e) && !e.includes(issuer) && !e.includes('fonts.googleapis.com'),
  );
  expect(ours).toEqual([]);
});

test('SSO: a refused sign-in explains why on the sign-in page', async ({ page, shot }) => {
  // A callback this browser did not start (no state cookie): refused, nothing signed in.
  await page.goto('/api/auth/oidc/callback?code=forged&state=forged-state-value');
  await expect(page).toHaveURL(/\/login\?sso_error=invalid_state$/);
  await expect(page.getByTestId('sso-error')).toContainText('not started from this browser');
  await shot(page, 'sso-refused');
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});
