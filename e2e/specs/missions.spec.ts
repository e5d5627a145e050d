import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, unexpectedErrors, type Credentials } from '../auth-helpers.js';
import { expect, test } from '../fixtures.js';
import {
  BLUE,
  RED,
  SCENARIOS,
  TESTS,
  addLibraryScenarios,
  addMember,
  choose,
  createUser,
  dragRow,
  names,
  seedLibrary,
} from '../mission-helpers.js';

let admin: Credentials;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 1100 } });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await seedLibrary(page.request);
  await createUser(page.request, RED, 'red_operator');
  await createUser(page.request, BLUE, 'blue_analyst');
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
  await expectAccessible(page, 'the mission editor');
  await page.getByTestId('mission-editor-save').click();

  const mission = page.getByTestId('mission-page');
  await expect(mission).toBeVisible();
  await expect(mission).toHaveAttribute('data-status', 'planned');
  await expect(page.getByTestId('mission-name')).toHaveText('Operation Nightjar');
  await expect(page.getByTestId('plan-empty')).toBeVisible();

  // Add both library scenarios from the picker.
  await addLibraryScenarios(page, SCENARIOS);
  const scenarios = page.getByTestId('plan-scenario');
  await expect(scenarios).toHaveCount(2);
  await expect.poll(() => names(scenarios)).toEqual([...SCENARIOS]);
  await expect(page.getByTestId('plan-test')).toHaveCount(5);
  await expect(page.getByTestId('mission-progress')).toHaveAttribute('data-total', '5');
  const firstTests = scenarios.first().getByTestId('plan-test');
  await expect.poll(() => names(firstTests)).toEqual([TESTS.charlie.name, TESTS.bravo.name]);
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
    await expect.poll(() => names(firstTests)).toEqual([TESTS.charlie.name, TESTS.bravo.name]);
  }
  await shot(page, 'missions-plan');
  await expectAccessible(page, 'the mission plan');

  // Members: the creator is lead; add red and blue.
  await page.getByTestId('tab-members').click();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await addMember(page, RED, /^Red:/);
  await addMember(page, BLUE, /^Blue:/);
  await expect(page.getByTestId('member-row')).toHaveCount(3);
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${RED.email}"]`),
  ).toHaveAttribute('data-role', 'red');
  await expect(
    page.locator(`[data-testid="member-row"][data-email="${BLUE.email}"]`),
  ).toHaveAttribute('data-role', 'blue');
  await shot(page, 'missions-members');
  await expectAccessible(page, 'the members tab');

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
  await expectAccessible(page, 'the assets tab');

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
  await expectAccessible(page, 'the missions list');

  await page.goto('/clients');
  const client = page.locator('[data-testid="client-row"][data-name="Acme Corp"]');
  await expect(client).toContainText('1');
  await shot(page, 'missions-clients');
  await expectAccessible(page, 'the clients page');

  const errors = unexpectedErrors(pageErrors).filter(
    (e) => !(answer.status() === 404 && /status of 404/.test(e)),
  );
  expect(errors).toEqual([]);
});

test('an admin finds a deleted mission with “Include deleted” and restores it', async ({
  page,
  pageErrors,
  shot,
}) => {
  await apiSignIn(page, admin);
  await page.goto('/missions');
  const row = page.locator('[data-testid="mission-row"][data-name="Operation Nightjar"]');
  await row.getByTestId('mission-row-link').click();
  await page.getByTestId('mission-delete').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('missions-page')).toBeVisible();
  await expect(page.getByTestId('missions-empty')).toBeVisible();

  await page.getByTestId('missions-include-deleted').click();
  await expect(row).toHaveAttribute('data-deleted', 'true');
  await expect(row.getByTestId('mission-deleted')).toBeVisible();
  await shot(page, 'missions-list-deleted');
  await row.getByTestId('mission-restore').click();
  await expect(page.getByText('Restored “Operation Nightjar”')).toBeVisible();
  await expect(row).not.toHaveAttribute('data-deleted', 'true');
  await expect(row.getByTestId('mission-restore')).toHaveCount(0);

  await page.getByTestId('missions-include-deleted').click();
  await expect(row).toBeVisible();
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});
