import { writeFile } from 'node:fs/promises';
import { expectAccessible } from '../a11y.js';
import {
  apiSignIn,
  completePasswordChange,
  prepareAdmin,
  signIn,
  strongPassword,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
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

/** The acceptance, as a lead who holds only the "Purple lead" role. */

const LEAD = { email: 'lee.lead@example.org', display_name: 'Lee Lead' };
let lead: Credentials;
let missionUrl = '';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1280, height: 1100 } });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  const admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  await seedLibrary(page.request);
  await createUser(page.request, RED, 'red_operator');
  await createUser(page.request, BLUE, 'blue_analyst');
  lead = await createUser(page.request, LEAD, 'purple_lead');
  await page.close();
});

test('a purple lead builds a blind mission, its team and its plan', async ({
  page,
  pageErrors,
  shot,
}) => {
  // The lead signs in through the form and must replace the password the admin set.
  await signIn(page, lead);
  const password = strongPassword('lead');
  await completePasswordChange(page, lead.password, password);
  lead = { ...lead, password };

  await page.goto('/missions');
  await expect(page.getByTestId('missions-empty')).toBeVisible();
  await expect(page.getByText('Include deleted')).toHaveCount(0);
  await page.getByTestId('missions-new').click();
  await page.getByTestId('client-new').click();
  await page.getByTestId('client-new-name').fill('Globex');
  await page.getByTestId('client-new-save').click();
  await expect(page.getByTestId('mission-editor-client')).toHaveValue('Globex');
  await page.getByTestId('mission-editor-name').fill('Operation Kestrel');
  await page.getByTestId('mission-editor-start_date').fill('2026-12-01');
  await page.getByTestId('mission-editor-end_date').fill('2026-12-05');
  await page.getByRole('radio', { name: /^Blind/ }).check();
  await page.getByTestId('mission-editor-save').click();
  await expect(page.getByTestId('mission-name')).toHaveText('Operation Kestrel');
  await expect(page.getByTestId('mission-role')).toHaveAttribute('data-role', 'lead');
  missionUrl = new URL(page.url()).pathname;

  await addLibraryScenarios(page, SCENARIOS);
  const scenarios = page.getByTestId('plan-scenario');
  await expect(page.getByTestId('plan-test')).toHaveCount(5);

  await page.getByTestId('tab-members').click();
  await addMember(page, RED, /^Red:/);
  await addMember(page, BLUE, /^Blue:/);
  await expect(page.getByTestId('member-row')).toHaveCount(3);
  await shot(page, 'missions-lead-members');

  // Reorder a test by drag.
  await page.getByTestId('tab-plan').click();
  const firstTests = scenarios.first().getByTestId('plan-test');
  await expect.poll(() => names(firstTests)).toEqual([TESTS.charlie.name, TESTS.bravo.name]);
  const moved = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && /\/tests\/[^/]+\/plan$/.test(r.url()),
  );
  await dragRow(page, firstTests, 'plan-test-handle', 1, 0);
  expect((await moved).status()).toBe(200);
  await expect.poll(() => names(firstTests)).toEqual([TESTS.bravo.name, TESTS.charlie.name]);

  // Assignee and planned day of a test.
  const alpha = scenarios
    .nth(1)
    .locator(`[data-testid="plan-test"][data-name="${TESTS.alpha.name}"]`);
  await alpha.getByTestId('plan-test-plan').click();
  const form = page.getByTestId('plan-test-form');
  await choose(page, form.getByTestId('plan-test-assignee'), /^Riley Red/);
  await form.getByTestId('plan-test-day').fill('2026-12-02');
  await shot(page, 'missions-lead-planning');
  await form.getByTestId('plan-test-save').click();
  await expect(form).toBeHidden();
  await expect(alpha.getByTestId('plan-test-assignee-label')).toHaveText('Riley Red');
  await expect(alpha.getByTestId('plan-test-day-label')).toContainText('2');
  await choose(page, page.getByTestId('plan-filter-assignee'), 'Riley Red');
  await expect(page.getByTestId('plan-test')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();

  // Blind mission: tests start hidden from blue; the lead reveals one.
  const eye = alpha.getByTestId('plan-test-hidden');
  await expect(eye).toHaveAttribute('aria-pressed', 'true');
  await eye.click();
  await expect(eye).toHaveAttribute('aria-pressed', 'false');
  await expect(alpha.getByText('Hidden', { exact: true })).toHaveCount(0);

  // The tactic filter matches techniques of that tactic (no test carries a tactic tag).
  await choose(page, page.getByTestId('plan-filter-tactic'), /^TA0002/);
  await expect(page.getByTestId('plan-test')).toHaveCount(3);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();

  // Rename the second scenario.
  await scenarios.nth(1).getByTestId('plan-scenario-rename').click();
  await page.getByTestId('scenario-rename-name').fill('Execution on WS-042');
  await page.getByTestId('scenario-rename-save').click();
  await expect(scenarios.nth(1).getByTestId('plan-scenario-name')).toHaveText(
    'Execution on WS-042',
  );

  // An ad hoc test in that scenario.
  await scenarios.nth(1).getByTestId('plan-scenario-add-test').click();
  const adhoc = page.getByTestId('adhoc-test');
  await expect(adhoc.getByTestId('adhoc-scenario')).toHaveValue('Execution on WS-042');
  await adhoc.getByTestId('adhoc-name').fill('Delta: scripted discovery');
  await adhoc.getByTestId('adhoc-attack').fill('t1059');
  await adhoc.getByTestId('adhoc-attack').press('Enter');
  await adhoc.getByTestId('adhoc-objective').fill('See whether the EDR flags a discovery script.');
  await shot(page, 'missions-lead-adhoc');
  await expectAccessible(page, 'the ad-hoc test dialog');
  await adhoc.getByTestId('adhoc-submit').click();
  await expect(adhoc).toBeHidden();
  await expect(page.getByTestId('plan-test')).toHaveCount(6);
  await expect
    .poll(() => names(scenarios.nth(1).getByTestId('plan-test')))
    .toContain('Delta: scripted discovery');
  await shot(page, 'missions-lead-plan');
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});

test('the lead imports a Navigator layer, undoes a removal and edits assets', async ({
  page,
  pageErrors,
  shot,
}, testInfo) => {
  await apiSignIn(page, lead);
  await page.goto(`${missionUrl}?tab=plan`);
  const scenarios = page.getByTestId('plan-scenario');
  await expect(scenarios).toHaveCount(2);

  // A small hand-made layer: one technique with a library test, one without, and ids to skip.
  const technique = (techniqueID: string) => ({ techniqueID, enabled: true, score: 1 });
  const layer = {
    name: 'Kestrel priorities',
    versions: { layer: '4.5', navigator: '5.1.0', attack: '16' },
    domain: 'enterprise-attack',
    techniques: ['T1059.001', 'T1027.004', 'T1500', 'T1064', 'T9999'].map(technique),
  };
  const file = testInfo.outputPath('kestrel-layer.json');
  await writeFile(file, JSON.stringify(layer));
  await page.getByTestId('plan-import-layer').click();
  const dialog = page.getByTestId('layer-import');
  await dialog.locator('input[type="file"]').setInputFiles(file);
  await expect(dialog.getByTestId('layer-file-name')).toHaveText('kestrel-layer.json');
  await dialog.getByTestId('layer-import-submit').click();
  const result = dialog.getByTestId('layer-import-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('layer-import-summary')).toContainText(
    '2 tests planned: 1 from the library, 1 bare; 3 ids left out',
  );
  await expect(result.getByTestId('layer-import-unknown')).toContainText('T9999');
  await expect(result.getByTestId('layer-import-revoked')).toContainText('T1500');
  await shot(page, 'missions-lead-layer-import');
  await expectAccessible(page, 'the layer import report');
  await dialog.getByTestId('layer-import-close').click();
  await expect(scenarios).toHaveCount(3);
  await expect(scenarios.nth(2)).toHaveAttribute('data-name', 'Kestrel priorities');
  const imported = scenarios.nth(2).getByTestId('plan-test');
  await expect(imported).toHaveCount(2);

  // Remove a test, then undo from the toast.
  await imported.first().getByTestId('plan-test-delete').click();
  await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(imported).toHaveCount(1);
  await page.getByTestId('plan-undo').click();
  await expect(imported).toHaveCount(2);
  await expect(page.getByText(/^Restored “/)).toBeVisible();

  // Assets: add a target and a defence tool, then edit both.
  await page.getByTestId('tab-assets').click();
  await choose(page, page.getByTestId('asset-kind'), 'Targets');
  await page.getByTestId('asset-name').fill('WS-042');
  await page.getByTestId('asset-submit').click();
  await choose(page, page.getByTestId('asset-kind'), 'Defence tools');
  await page.getByTestId('asset-name').fill('Falcon');
  await choose(page, page.getByTestId('asset-layer'), 'EDR');
  await page.getByTestId('asset-submit').click();
  const target = page.getByTestId('assets-target').getByTestId('asset-row');
  await expect(target).toHaveCount(1);
  await target.getByTestId('asset-edit-open').click();
  const edit = page.getByTestId('asset-edit');
  await edit.getByTestId('asset-edit-name').fill('WS-042.corp.example');
  await edit.getByTestId('asset-edit-details').fill('10.20.0.42, Windows 11, finance VLAN');
  await edit.getByTestId('asset-edit-save').click();
  await expect(edit).toBeHidden();
  await expect(target).toHaveAttribute('data-name', 'WS-042.corp.example');
  await expect(target).toContainText('finance VLAN');
  const tool = page.getByTestId('assets-defence_tool').getByTestId('asset-row');
  await tool.getByTestId('asset-edit-open').click();
  await edit.getByTestId('asset-edit-name').fill('CrowdStrike Falcon');
  await edit.getByTestId('asset-edit-details').fill('Sensor 7.18, prevention policy: detect only');
  await shot(page, 'missions-lead-asset-edit');
  await expectAccessible(page, 'the asset dialog');
  await edit.getByTestId('asset-edit-save').click();
  await expect(edit).toBeHidden();
  await expect(tool).toHaveAttribute('data-name', 'CrowdStrike Falcon');
  await expect(tool).toContainText('EDR');
  // The closing modal fades out: let it leave before the picture.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot(page, 'missions-lead-assets');
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});
