import { readFile } from 'node:fs/promises';
import { expectAccessible } from '../a11y.js';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { createUser, importAttack, post } from '../mission-helpers.js';
import { seedResults, type ResultsSeed } from '../results-helpers.js';

/**
 * Threat-informed coverage, as a purple lead: a profile of APT28 (G0007) and APT29 (G0016)
 * over the results seed (Initech, Q1 and Q2). Latest outcomes: T1059.001 missed (Q2 not
 * detected), T1566.001 logged only (Q1; Q2 still pending), T1105 detected (prevented), T1204
 * not tested. Importance: T1059.001 2, T1566.001 2, T1105 1, T1204 1 → score 1 / 6 = 17 %.
 * Next tests: T1059.001 (missed, 2), then T1204 (not tested, 1).
 */

const VIEWPORT = { width: 1440, height: 1100 };
let lead: Credentials;
let seed: ResultsSeed;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  const admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  seed = await seedResults(page.request);
  // APT29 and release 1.1 on top of the mini catalog (the server's threat fixture).
  await importAttack(page.request, 'threat-enterprise.json');
  const first = await createUser(
    page.request,
    { email: 'tara.lead@example.org', display_name: 'Tara Lead' },
    'purple_lead',
  );
  // The lead leads both missions: coverage reads the missions the caller sees.
  const users = (await (await page.request.get('/api/users', { headers: API_HEADERS })).json()) as {
    items: Array<{ id: string; email: string }>;
  };
  const leadId = users.items.find((u) => u.email === first.email)!.id;
  for (const m of [seed.q1, seed.q2])
    await post(page.request, `/api/missions/${m}/members`, { user_id: leadId, role: 'lead' });
  await page.close();
  const own = await browser.newPage();
  await apiSignIn(own, first);
  const password = strongPassword('lead');
  const change = await own.request.post('/api/auth/password', {
    headers: API_HEADERS,
    data: { current_password: first.password, new_password: password },
  });
  expect(change.status(), await change.text()).toBe(200);
  lead = { ...first, password };
  await own.close();
});

test('a lead builds a threat profile from groups and sees its coverage', async ({ page, shot }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, lead);
  // From the clients page to the client's threat profiles.
  await page.goto('/clients');
  await page
    .getByTestId('client-row')
    .filter({ hasText: 'Initech' })
    .getByTestId('client-threats')
    .click();
  await expect(page.getByTestId('threat-profiles-empty')).toBeVisible();
  await expectAccessible(page, 'the empty threat profiles page');

  await page.getByTestId('threat-new-profile').click();
  await page.getByTestId('threat-profile-name').fill('Russian espionage');
  const groups = page.getByTestId('threat-profile-groups');
  for (const [q, id] of [
    ['APT28', 'G0007'],
    ['APT29', 'G0016'],
  ] as const) {
    await groups.fill(q);
    await page.getByRole('option', { name: new RegExp(`^${id} `) }).click();
  }
  await shot(page, 'threats-create-profile');
  await expectAccessible(page, 'the new profile dialog');
  await page.getByTestId('threat-profile-create').click();

  // The profile page: score beside its inputs, per tactic, the overlay, the next tests.
  await expect(page.getByTestId('threat-profile-page')).toBeVisible();
  await expect(page.getByTestId('threat-score')).toContainText('17%');
  await expect(
    page.getByText('1 of 6 importance detected', { exact: false }).first(),
  ).toBeVisible();
  await expect(page.getByTestId('threat-count-missed')).toContainText('1');
  await expect(page.getByTestId('threat-count-not_tested')).toContainText('1');
  const tactic = page.getByTestId('threat-by-tactic');
  await expect(tactic.locator('[data-tactic="initial-access"]')).toContainText('0%');
  const techniques = page.getByTestId('threat-techniques');
  await expect(techniques.locator('[data-technique="T1059.001"]')).toHaveAttribute(
    'data-status',
    'missed',
  );
  await expect(techniques.locator('[data-technique="T1566.001"]')).toHaveAttribute(
    'data-status',
    'logged',
  );
  await expect(techniques.locator('[data-technique="T1105"]')).toHaveAttribute(
    'data-status',
    'detected',
  );
  await expect(techniques.locator('[data-technique="T1204"]')).toHaveAttribute(
    'data-status',
    'not_tested',
  );

  // Heat map overlay: profile techniques painted and outlined, the rest greyed.
  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap.getByTestId('threat-legend')).toContainText('Outside the profile');
  const cell = (id: string) => heatmap.locator(`[data-technique="${id}"]`).first();
  await expect(cell('T1105')).toHaveAttribute('data-outlined', 'true');
  await expect(cell('T1105')).toHaveAttribute('data-decorated', 'true');
  await expect(cell('T1204')).toHaveAttribute('data-outlined', 'true');
  await expect(cell('T1027')).toHaveAttribute('data-muted', 'true');
  await expect(cell('T1027')).not.toHaveAttribute('data-outlined', 'true');

  const rows = page.getByTestId('next-test-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-technique', 'T1059.001');
  await expect(rows.nth(0)).toContainText('Missed');
  await expect(rows.nth(0)).toContainText('Encoded PowerShell download cradle');
  await expect(rows.nth(1)).toHaveAttribute('data-technique', 'T1204');
  await expect(rows.nth(1)).toContainText('No template in the library');
  await shot(page, 'threats-profile');
  await expectAccessible(page, 'the threat profile page');

  // Back on the list: the profile with its sources, size, score and trend.
  await page.goto(`/clients/${seed.clientId}/threats`);
  const row = page.getByTestId('threat-profile-row');
  await expect(row).toContainText('G0007, G0016');
  await expect(row.getByTestId('threat-profile-score')).toHaveText('17%');
  await expect(row.getByTestId('threat-trend')).toBeVisible();
  await shot(page, 'threats-profiles');
  await expectAccessible(page, 'the threat profiles list');
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('the lead plans a next test into a new mission and downloads the layer and CSV', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, lead);
  await page.goto(`/clients/${seed.clientId}/threats`);
  await page.getByRole('link', { name: 'Russian espionage' }).click();
  await expect(page.getByTestId('next-tests-table')).toBeVisible();

  await page.getByTestId('next-test-template').first().check();
  await page.getByTestId('next-tests-add').click();
  await page.getByTestId('plan-new-mission').check();
  await page.getByTestId('plan-mission-name').fill('Q3 threat retest');
  await shot(page, 'threats-add-to-plan');
  await expectAccessible(page, 'the add-to-plan dialog');
  await page.getByTestId('plan-submit').click();
  await expect(page.getByTestId('next-tests-planned')).toContainText(
    '1 test added to a new mission as “Threat profile next tests”',
  );

  // The new mission of Initech carries the template in its plan.
  const list = (await (
    await page.request.get(`/api/missions?client_id=${seed.clientId}`, { headers: API_HEADERS })
  ).json()) as { items: Array<{ id: string; name: string }> };
  const q3 = list.items.find((m) => m.name === 'Q3 threat retest');
  expect(q3).toBeTruthy();
  await page.getByTestId('next-tests-planned').getByRole('link', { name: 'Open its plan' }).click();
  await expect(page).toHaveURL(new RegExp(`/missions/${q3!.id}\\?tab=plan`));
  await expect(page.getByText('Encoded PowerShell download cradle').first()).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('threat-profile-page')).toBeVisible();

  // The Navigator layer (others greyed) and the next tests as CSV.
  await page.getByTestId('threat-export').click();
  await shot(page, 'threats-export-menu');
  const layerDownload = page.waitForEvent('download');
  await page.getByTestId('threat-layer-grey').click();
  const layerFile = await layerDownload;
  expect(layerFile.suggestedFilename()).toMatch(
    /^metamorph-initech-russian-espionage-layer-\d{4}-\d{2}-\d{2}\.json$/,
  );
  const layer = JSON.parse((await readFile(await layerFile.path())).toString('utf8')) as {
    versions: { layer: string };
    hideDisabled: boolean;
    techniques: Array<{ techniqueID: string; score?: number; color?: string; enabled: boolean }>;
  };
  expect(layer.versions.layer).toBe('4.5');
  expect(layer.hideDisabled).toBe(false);
  const entry = (id: string) => layer.techniques.find((t) => t.techniqueID === id);
  expect(entry('T1059.001')).toMatchObject({ score: 2, enabled: true });
  expect(entry('T1105')).toMatchObject({ score: 1, enabled: true });
  expect(entry('T1027')).toMatchObject({ enabled: false });

  await page.getByTestId('threat-export').click();
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('threat-next-csv').click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/next-tests-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await csvFile.path()))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(lines[0]).toBe(
    'rank,technique_id,technique,tactics,reason,status,priority,weight,used_by,last_tested_at,templates,template_keys',
  );
  expect(lines[1]).toMatch(/^1,T1059\.001,PowerShell,execution,missed,missed,2,1,G0007; G0016,/);
  expect(lines[1]).toContain('Encoded PowerShell download cradle');
  expect(lines[2]).toMatch(/^2,T1204,.*,not_tested,not_tested,1,1,G0016,,,$/);
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('a CTI layer becomes a profile, and the lead deletes it', async ({ page, shot }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, lead);
  await page.goto(`/clients/${seed.clientId}/threats`);
  await expect(page.getByTestId('threat-profile-score')).toHaveText('17%');
  await page.getByTestId('threat-import-layer').click();
  await expect(page.getByRole('dialog', { name: 'Import a Navigator layer' })).toBeVisible();
  const layer = {
    name: 'CTI top techniques',
    versions: { layer: '4.5', navigator: '5.1.0' },
    domain: 'enterprise-attack',
    techniques: [
      { techniqueID: 'T1105', score: 5, enabled: true },
      { techniqueID: 'T1204', enabled: true },
      { techniqueID: 'T1027', score: 0, enabled: true },
    ],
  };
  await page.locator('input[type="file"]').setInputFiles({
    name: 'cti-layer.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(layer)),
  });
  await page.waitForTimeout(300); // the modal's fade-in, for the picture
  await shot(page, 'threats-import-layer');
  await expectAccessible(page, 'the layer import dialog');
  await page.getByTestId('threat-layer-import').click();

  // T1105 weight 5 (detected), T1204 weight 1 (not tested); T1027 scored 0 is left out.
  await expect(page.getByTestId('threat-profile-page')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'CTI top techniques' })).toBeVisible();
  await expect(page.getByTestId('threat-score')).toHaveText('83%');
  const techniques = page.getByTestId('threat-techniques');
  await expect(techniques.locator('tbody tr')).toHaveCount(2);
  await expect(techniques.locator('[data-technique="T1105"]')).toHaveAttribute(
    'data-status',
    'detected',
  );

  await page.goto(`/clients/${seed.clientId}/threats`);
  const row = page.getByTestId('threat-profile-row').filter({ hasText: 'CTI top techniques' });
  await expect(row).toContainText('layer “CTI top techniques”');
  await row.getByTestId('threat-profile-delete').click();
  await page.getByTestId('confirm-button').click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('threat-profile-row')).toHaveCount(1);
  expect(unexpectedErrors(errors)).toEqual([]);
});
