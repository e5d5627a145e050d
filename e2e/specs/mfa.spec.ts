import { request, type Page } from '@playwright/test';
import { generate } from 'otplib';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  signIn,
  signOut,
  type Credentials,
} from '../auth-helpers.js';
import { activate, createMember, type Member } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { baseUrlFromEnv } from '../paths.js';

test.describe.configure({ mode: 'serial' });

let admin: Credentials;
let member: Member;
let secret = '';
let recoveryCodes: string[] = [];
/** An admin token that can switch `mfa.required` back off (the admin's session cannot then). */
let settingsToken = '';

/**
 * The code of the *next* 30-second step: the server accepts one step either side, and the
 * current step may already have been used (a code is accepted once).
 */
const nextCode = () => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });

/** Wrong codes answer 401 and signed-out pages ask who they are: expected console noise. */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/status of (401|403) .*\/api\/auth\/(me|mfa|login)\b/.test(e));

async function enrolOnPage(
  page: Page,
  shot: (p: Page, n: string) => Promise<string>,
  prefix: string,
) {
  await expect(page.getByTestId('mfa-qr')).toBeVisible();
  secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await shot(page, `${prefix}-enrol`);
  await page.getByTestId('mfa-enrol-code').fill(await generate({ secret }));
  await page.getByTestId('mfa-enrol-submit').click();
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  recoveryCodes = await page.getByTestId('recovery-code').allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  await shot(page, `${prefix}-recovery-codes`);
  await page.getByTestId('recovery-codes-done').click();
}

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
  const api = await request.newContext({
    baseURL: baseUrlFromEnv(),
    extraHTTPHeaders: API_HEADERS,
  });
  try {
    await api.post('/api/auth/login', { data: admin });
    member = await createMember(
      api,
      { email: 'dana.mfa@metamorph.test', display_name: 'Dana Okafor' },
      'purple_lead',
    );
  } finally {
    await api.dispose();
  }
});

test('enrol in My account, then sign in with a code and with a recovery code', async ({
  page,
  pageErrors,
  shot,
}) => {
  member = await activate(page, member);
  await page.goto('/account');
  const card = page.getByTestId('mfa-card');
  await expect(card.getByTestId('mfa-status')).toHaveText('Off');
  await page.getByTestId('mfa-setup').click();
  await enrolOnPage(page, shot, 'mfa-account');
  await expect(card.getByTestId('mfa-status')).toHaveText('On');
  await expect(card.getByTestId('mfa-codes-left')).toHaveText('10 of 10 recovery codes left');
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'mfa-account-on');

  // Sign out; the password alone is not enough any more.
  await signOut(page);
  await signIn(page, member);
  await expect(page.getByTestId('mfa-step')).toBeVisible();
  await expect(page.getByTestId('mfa-code')).toHaveAttribute('autocomplete', 'one-time-code');
  await shot(page, 'mfa-login-code');
  await page.getByTestId('mfa-code').fill('000000');
  await page.getByTestId('mfa-submit').click();
  await expect(page.getByTestId('mfa-error')).toContainText('The code is wrong');
  await shot(page, 'mfa-login-wrong-code');
  await page.getByTestId('mfa-code').fill(await nextCode());
  await page.getByTestId('mfa-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();

  // Again, with a recovery code this time.
  await signOut(page);
  await signIn(page, member);
  await expect(page.getByTestId('mfa-step')).toBeVisible();
  await page.getByTestId('mfa-toggle-recovery').click();
  await page.getByTestId('mfa-code').fill(recoveryCodes[0] ?? '');
  await shot(page, 'mfa-login-recovery');
  await page.getByTestId('mfa-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await page.goto('/account');
  await expect(page.getByTestId('mfa-codes-left')).toHaveText('9 of 10 recovery codes left');

  // The same recovery code is refused the second time.
  await signOut(page);
  await signIn(page, member);
  await page.getByTestId('mfa-toggle-recovery').click();
  await page.getByTestId('mfa-code').fill(recoveryCodes[0] ?? '');
  await page.getByTestId('mfa-submit').click();
  await expect(page.getByTestId('mfa-error')).toContainText('already been used');
  expect(unexpected(pageErrors)).toEqual([]);
});

test('an admin resets the second factor from the users page', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await page.goto('/admin/users');
  const row = page.locator(`[data-testid="user-row"][data-email="${member.email}"]`);
  await expect(row.getByTestId('user-mfa')).toBeVisible();
  await shot(page, 'mfa-admin-users');
  await row.getByTestId('user-actions').click();
  await page.getByTestId('user-reset-mfa').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(member.email);
  await page.waitForTimeout(300); // the modal's opening transition
  await shot(page, 'mfa-admin-reset-confirm');
  await page.getByTestId('confirm-button').click();
  await expect(row.getByTestId('user-mfa')).toHaveCount(0);
  await shot(page, 'mfa-admin-reset-done');

  // The member signs in with the password alone again.
  const data = { email: member.email, password: member.password };
  const res = await page.request.post('/api/auth/login', { data, headers: API_HEADERS });
  expect(((await res.json()) as { status: string }).status).toBe('ok');
  expect(unexpected(pageErrors)).toEqual([]);
});

test('with MFA required for everyone, sign-in leads to the setup first', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  const token = await page.request.post('/api/me/tokens', {
    data: { name: 'mfa spec cleanup', scopes: ['admin.settings'] },
    headers: API_HEADERS,
  });
  expect(token.status(), await token.text()).toBe(201);
  settingsToken = ((await token.json()) as { secret: string }).secret;
  const set = await page.request.patch('/api/settings', {
    data: { 'mfa.required': true },
    headers: API_HEADERS,
  });
  expect(set.status(), await set.text()).toBe(200);
  await page.request.post('/api/auth/logout', { headers: API_HEADERS });
  await apiSignIn(page, member);
  // Settings are cached for a few seconds per server: wait until the rule applies.
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/auth/me');
        return ((await res.json()) as { mfa_enrollment_required?: boolean })
          .mfa_enrollment_required;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.goto('/');
  await expect(page.getByTestId('mfa-setup-page')).toBeVisible();
  await enrolOnPage(page, shot, 'mfa-forced');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  expect(unexpected(pageErrors)).toEqual([]);
});

test.afterAll(async () => {
  if (!settingsToken) return;
  // Leave the server as found: the rule off, and seen to be off (settings are cached for a
  // few seconds, longer than the next spec takes to reset the database and sign in).
  const api = await request.newContext({
    baseURL: baseUrlFromEnv(),
    extraHTTPHeaders: API_HEADERS,
  });
  try {
    const off = await api.patch('/api/settings', {
      data: { 'mfa.required': false },
      headers: { Authorization: `Bearer ${settingsToken}` },
    });
    expect(off.status(), await off.text()).toBe(200);
    expect((await api.post('/api/auth/login', { data: admin })).status()).toBe(200);
    await expect
      .poll(
        async () => {
          const res = await api.get('/api/auth/me');
          return ((await res.json()) as { mfa_enrollment_required?: boolean })
            .mfa_enrollment_required;
        },
        { timeout: 15_000 },
      )
      .toBe(false);
  } finally {
    await api.dispose();
  }
});
