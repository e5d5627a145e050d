import {
  readInitialAdmin,
  signIn,
  signOut,
  strongPassword,
  unexpectedErrors,
} from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

test.describe('first admin', () => {
  test('signs in with the generated password, must change it, then lands on the app', async ({
    page,
    pageErrors,
    shot,
  }) => {
    const initial = await readInitialAdmin();

    // A deep link while signed out goes to the sign-in page and remembers where to return.
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await expect(page.getByTestId('login-page')).toBeVisible();
    await shot(page, 'auth-login');

    // Wrong password: a clear message, no hint whether the account exists.
    await signIn(page, { email: initial.email, password: 'not-the-password-at-all' });
    await expect(page.getByTestId('login-error')).toHaveAttribute('data-kind', 'credentials');
    await expect(page.getByTestId('login-error')).toContainText('Wrong email or password');
    await shot(page, 'auth-login-wrong-password');

    // The real one: the server demands a new password before anything else.
    await signIn(page, initial);
    await expect(page).toHaveURL(/\/change-password\?next=%2Fadmin%2Fusers$/);
    await expect(page.getByTestId('change-password-email')).toHaveText(initial.email);
    await shot(page, 'auth-forced-change-password');

    // Nothing else is reachable until then.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/change-password/);
    const blocked = await page.request.get('/api/me/sessions');
    expect(blocked.status()).toBe(403);
    expect((await blocked.json()) as { code: string }).toMatchObject({
      code: 'password_change_required',
    });

    // The policy is enforced client side too: a short password cannot be submitted.
    await page.getByTestId('current-password').fill(initial.password);
    await page.getByTestId('new-password').fill('short');
    await page.getByTestId('confirm-password').fill('short');
    await page.getByTestId('change-password-submit').click();
    await expect(page.getByTestId('change-password-page')).toBeVisible();

    const password = strongPassword('first-admin');
    await page.getByTestId('new-password').fill(password);
    await page.getByTestId('confirm-password').fill(password);
    await page.getByTestId('change-password-submit').click();

    // Lands on the page first asked for (here the account page, the last deep link).
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId('profile-email')).toHaveText(initial.email);
    await expect(page.getByTestId('nav-group-administration')).toBeVisible();
    await page.getByTestId('user-menu').click();
    await expect(page.getByTestId('user-menu-email')).toHaveText(initial.email);
    await page.keyboard.press('Escape');
    await page.goto('/');
    await expect(page.getByTestId('system-status')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await shot(page, 'auth-first-admin-overview');

    // Sign out, and the new password is the one that works.
    await signOut(page);
    await signIn(page, { email: initial.email, password });
    await expect(page.getByTestId('app-shell')).toBeVisible();
    expect(unexpectedErrors(pageErrors)).toEqual([]);
  });
});
