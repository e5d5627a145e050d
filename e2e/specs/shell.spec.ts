import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';

const expectedDatabase = process.env.E2E_DATABASE_URL ? 'postgres' : 'pglite';

let admin: Credentials;

test.beforeAll(async ({ resetServer }) => {
  await resetServer();
  admin = await prepareAdmin();
});

test.describe('application shell', () => {
  test.beforeEach(async ({ page }) => {
    await apiSignIn(page, admin);
  });

  test('loads at / with header, navigation and system status', async ({
    page,
    pageErrors,
    shot,
  }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);

    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByTestId('app-header')).toContainText('Metamorph');
    await expect(page.getByTestId('nav')).toBeVisible();
    await expect(page.getByTestId('user-menu')).toBeVisible();

    const status = page.getByTestId('system-status');
    await expect(status).toBeVisible();
    await expect(status).toContainText(expectedDatabase, { ignoreCase: true });
    await page.waitForLoadState('networkidle');

    await shot(page, 'shell-overview');
    await expectAccessible(page, 'the overview');
    expect(pageErrors).toEqual([]);
  });

  test('serves the SPA for unknown deep links and renders the not-found page', async ({
    page,
    request,
    pageErrors,
    shot,
  }) => {
    const raw = await request.get('/does/not/exist');
    expect(raw.status()).toBe(200);
    expect(raw.headers()['content-type']).toMatch(/^text\/html/);

    const response = await page.goto('/does/not/exist');
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await expect(page.getByTestId('not-found')).toBeVisible();
    await expect(page.getByTestId('app-header')).toContainText('Metamorph');
    await page.waitForLoadState('networkidle');

    await shot(page, 'shell-not-found');
    await expectAccessible(page, 'the not-found page');
    expect(pageErrors).toEqual([]);
  });

  test('does not answer unknown API paths with the SPA', async ({ request }) => {
    const res = await request.get('/api/does-not-exist');
    expect(res.status()).toBe(404);
    expect(res.headers()['content-type']).toMatch(/^application\/(problem\+)?json/);
  });
});
