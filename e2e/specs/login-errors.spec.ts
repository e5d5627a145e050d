import { request as playwrightRequest } from '@playwright/test';
import {
  API_HEADERS,
  prepareAdmin,
  signIn,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { baseUrlFromEnv } from '../paths.js';

interface Account extends Credentials {
  id: string;
}

let locked: Account;
let disabled: Account;

/** As the admin, through the API: creates users with known passwords; disables one. */
test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  const admin = await prepareAdmin();
  const api = await playwrightRequest.newContext({
    baseURL: baseUrlFromEnv(),
    extraHTTPHeaders: API_HEADERS,
  });
  try {
    expect((await api.post('/api/auth/login', { data: admin })).status()).toBe(200);
    const create = async (name: string): Promise<Account> => {
      const email = `${name}.${Date.now().toString(36)}@example.com`;
      const password = strongPassword(name);
      const res = await api.post('/api/users', {
        data: { email, display_name: name, password, role_ids: [] },
      });
      expect(res.status(), await res.text()).toBe(201);
      const body = (await res.json()) as { user: { id: string } };
      return { email, password, id: body.user.id };
    };
    locked = await create('lockme');
    disabled = await create('gone');
    const patch = await api.patch(`/api/users/${disabled.id}`, { data: { disabled: true } });
    expect(patch.status(), await patch.text()).toBe(200);
  } finally {
    await api.dispose();
  }
});

test('repeated failures lock sign-in and say for how long', async ({ page, pageErrors, shot }) => {
  await page.goto('/login');
  const error = page.getByTestId('login-error');
  for (let attempt = 1; attempt <= 8; attempt += 1) {
    await signIn(page, { email: locked.email, password: `wrong-password-${attempt}` });
    await expect(error).toBeVisible();
    await expect(page.getByTestId('login-submit')).not.toHaveAttribute('data-loading', 'true');
    if ((await error.getAttribute('data-kind')) === 'locked') break;
  }
  await expect(error).toHaveAttribute('data-kind', 'locked');
  await expect(error).toContainText(/try again in \d+ min/);
  await expect(page.getByTestId('login-submit')).toBeDisabled();
  await expect(page.getByTestId('login-submit')).toContainText('Locked');
  await shot(page, 'auth-login-locked');
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});

test('a disabled account is told so', async ({ page, pageErrors, shot }) => {
  await signIn(page, disabled);
  const error = page.getByTestId('login-error');
  await expect(error).toHaveAttribute('data-kind', 'disabled');
  await expect(error).toContainText('disabled');
  await shot(page, 'auth-login-disabled');
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});
