import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { API_HEADERS, strongPassword, type Credentials } from './auth-helpers.js';
import { expect } from './fixtures.js';
import { REPO_ROOT } from './paths.js';

/** Shared by the mission specs: seeding through the API and a few UI gestures. */

const ATTACK_DIR = path.join(REPO_ROOT, 'apps/server/test/fixtures/attack');

export const TESTS = {
  alpha: {
    name: 'Alpha: PowerShell discovery',
    attack_ids: ['T1059.001'],
    platforms: ['Windows'],
    executor: { name: 'powershell', command: 'Get-Process' },
  },
  bravo: {
    name: 'Bravo: ingress tool transfer',
    attack_ids: ['T1105'],
    platforms: ['Linux'],
    executor: { name: 'bash', command: 'curl -o /tmp/tool https://example.org/tool' },
  },
  charlie: {
    name: 'Charlie: spearphishing attachment',
    attack_ids: ['T1566.001'],
    platforms: ['Windows'],
  },
};
export const SCENARIOS = ['Initial access and staging', 'Execution on the workstation'] as const;
export const RED = { email: 'riley.red@example.org', display_name: 'Riley Red' };
export const BLUE = { email: 'bailey.blue@example.org', display_name: 'Bailey Blue' };

export async function post<T>(api: APIRequestContext, url: string, data: object): Promise<T> {
  const res = await api.post(url, { headers: API_HEADERS, data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as T;
}

/** Imports an ATT&CK bundle of the server's test fixtures and waits for the job. */
export async function importAttack(api: APIRequestContext, file: string): Promise<void> {
  const res = await api.post('/api/attack/sync', {
    headers: API_HEADERS,
    multipart: {
      file: {
        name: file,
        mimeType: 'application/json',
        buffer: await readFile(path.join(ATTACK_DIR, file)),
      },
    },
  });
  expect(res.status(), await res.text()).toBe(202);
  const { job } = (await res.json()) as { job: { id: string } };
  await expect
    .poll(
      async () => {
        const poll = await api.get(`/api/jobs/${job.id}`, { headers: API_HEADERS });
        return ((await poll.json()) as { status: string }).status;
      },
      { timeout: 60_000 },
    )
    .toBe('succeeded');
}

/** Creates a user with one role (by key) as the signed-in admin; returns the credentials. */
export async function createUser(
  api: APIRequestContext,
  user: { email: string; display_name: string },
  roleKey: string,
): Promise<Credentials> {
  const roles = await api.get('/api/roles', { headers: API_HEADERS });
  const { items } = (await roles.json()) as { items: { id: string; key: string | null }[] };
  const role = items.find((r) => r.key === roleKey);
  expect(role, roleKey).toBeTruthy();
  const password = strongPassword('user');
  await post(api, '/api/users', { ...user, password, role_ids: [role?.id] });
  return { email: user.email, password };
}

/** The library of the mission specs: three tests and two scenario templates. */
export async function seedLibrary(api: APIRequestContext): Promise<void> {
  await importAttack(api, 'mini-enterprise.json');
  const ids: Record<string, string> = {};
  for (const [k, body] of Object.entries(TESTS))
    ids[k] = (await post<{ id: string }>(api, '/api/library/tests', body)).id;
  await post(api, '/api/library/scenarios', {
    name: SCENARIOS[0],
    tags: ['phishing'],
    test_ids: [ids.charlie, ids.bravo],
  });
  await post(api, '/api/library/scenarios', {
    name: SCENARIOS[1],
    test_ids: [ids.alpha, ids.bravo, ids.charlie],
  });
}

/** Picks `option` in the Mantine Select whose input is `input`. */
export async function choose(page: Page, input: Locator, option: string | RegExp): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option }).click();
}

export async function names(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''));
}

/** Drags row `from`'s handle onto row `to` with the mouse (pointer events, in steps). */
export async function dragRow(page: Page, rows: Locator, handle: string, from: number, to: number) {
  const start = await rows.nth(from).getByTestId(handle).boundingBox();
  const target = await rows.nth(to).boundingBox();
  if (!start || !target) throw new Error('rows are not visible');
  const x = start.x + start.width / 2;
  const y = start.y + start.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y + (to < from ? -8 : 8), { steps: 4 });
  await page.mouse.move(x, target.y + target.height / 2 + (to < from ? -6 : 6), { steps: 20 });
  await page.mouse.up();
}

/** In the plan's "Add from library" dialog: adds the scenario templates named `names`. */
export async function addLibraryScenarios(page: Page, scenarios: readonly string[]) {
  await page.getByTestId('plan-add').click();
  const dialog = page.getByRole('dialog');
  for (const name of scenarios) {
    await dialog
      .locator(`[data-testid="add-scenario-row"][data-name="${name}"]`)
      .getByTestId('add-scenario')
      .click();
    await expect(page.getByText(`Added “${name}”`)).toBeVisible();
  }
  await page.getByTestId('add-from-library-close').click();
}

/** On the Members tab: adds `user` (found by first name) with the role whose label matches. */
export async function addMember(page: Page, user: typeof RED, role: RegExp): Promise<void> {
  await page.getByTestId('member-user').fill(user.display_name.split(' ')[0] ?? '');
  await page.getByRole('option', { name: new RegExp(user.email) }).click();
  await choose(page, page.getByTestId('member-add-role'), role);
  await page.getByTestId('member-add-submit').click();
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${user.email}"]`),
  ).toBeVisible();
}
