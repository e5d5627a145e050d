import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, request, type Page } from '@playwright/test';
import { baseUrlFromEnv, dataDirFromEnv } from './paths.js';

export interface Credentials {
  email: string;
  password: string;
}

/** The first admin's credentials from DATA_DIR/initial-admin.txt (rewritten by every reset). */
export async function readInitialAdmin(): Promise<Credentials> {
  const text = await readFile(path.join(dataDirFromEnv(), 'initial-admin.txt'), 'utf8');
  const email = /^email:\s*(\S+)\s*$/m.exec(text)?.[1];
  const password = /^password:\s*(\S+)\s*$/m.exec(text)?.[1];
  if (!email || !password) throw new Error(`initial-admin.txt has no email/password:\n${text}`);
  return { email, password };
}

/**
 * A password that passes the policy (long, not common, and not containing the email's
 * local part; so no `tag` in it: it only makes each call differ).
 */
export function strongPassword(tag: string): string {
  const salt = `${tag.length}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return `Violet-horse-battery-${salt}`;
}

/** What the web app sends on every call; the server's CSRF check wants it on cookie writes. */
export const API_HEADERS = { 'X-Requested-With': 'metamorph' };

/**
 * Through the API (no browser): signs the first admin in and replaces the generated
 * password. Call after a reset; returns the admin's credentials from then on.
 */
export async function prepareAdmin(): Promise<Credentials> {
  const initial = await readInitialAdmin();
  const api = await request.newContext({
    baseURL: baseUrlFromEnv(),
    extraHTTPHeaders: API_HEADERS,
  });
  try {
    const login = await api.post('/api/auth/login', { data: initial });
    expect(login.status(), await login.text()).toBe(200);
    const password = strongPassword('admin');
    const change = await api.post('/api/auth/password', {
      data: { current_password: initial.password, new_password: password },
    });
    expect(change.status(), await change.text()).toBe(200);
    return { email: initial.email, password };
  } finally {
    await api.dispose();
  }
}

/** Signs `page`'s browser context in through the API (the session cookie lands in it). */
export async function apiSignIn(page: Page, creds: Credentials): Promise<void> {
  // Only the login fields: the endpoint refuses unknown keys, and callers pass richer records.
  const data = { email: creds.email, password: creds.password };
  const res = await page.request.post('/api/auth/login', { data, headers: API_HEADERS });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * Browsers log every 4xx answer as a console error. The sign-in calls answer 401
 * (nobody signed in, wrong password), 403 (disabled) and 429 (locked) by design;
 * those are expected. Everything else still counts.
 */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.filter((e) => !/status of (401|403|429) .*\/api\/auth\/(me|login)\b/.test(e));
}

/** Fills the sign-in form and submits it (from wherever the page is). */
export async function signIn(page: Page, creds: Credentials, next = '/'): Promise<void> {
  if (!page.url().includes('/login'))
    await page.goto(`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
  await expect(page.getByTestId('login-page')).toBeVisible();
  await page.getByTestId('login-email').fill(creds.email);
  await page.getByTestId('login-password').fill(creds.password);
  await page.getByTestId('login-submit').click();
}

/** On the forced change-password page: sets `newPassword` and continues into the app. */
export async function completePasswordChange(
  page: Page,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  await expect(page.getByTestId('change-password-page')).toBeVisible();
  await page.getByTestId('current-password').fill(currentPassword);
  await page.getByTestId('new-password').fill(newPassword);
  await page.getByTestId('confirm-password').fill(newPassword);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
}

/**
 * Signs the first admin in, changing the generated password when the server asks.
 * Returns the admin's password from then on.
 */
export async function signInAsAdmin(page: Page): Promise<Credentials> {
  const initial = await readInitialAdmin();
  await signIn(page, initial);
  const changed = { email: initial.email, password: strongPassword('admin') };
  await completePasswordChange(page, initial.password, changed.password);
  return changed;
}

/** Signs out through the header's user menu. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('login-page')).toBeVisible();
}
