import type { Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { apiSignIn, prepareAdmin, unexpectedErrors, type Credentials } from '../auth-helpers.js';
import { activate, createMember, watchErrors, type Member } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { choose, dragRow, names } from '../mission-helpers.js';
import {
  getJson,
  seedOutcomeMission,
  setDetectionLevel,
  type OutcomeMission,
} from '../outcome-helpers.js';

/** Outcomes: detection levels CRUD, settings, and the per-tool results grid of a test. */

const BLUE = { email: 'bailey.blue@example.org', display_name: 'Bailey Blue' };
const VIEWPORT = { width: 1440, height: 1400 };

interface Level {
  id: string;
  key: string;
  label: string;
  rank: number;
}

let admin: Credentials;
let blue: Member;
let mission: OutcomeMission;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  blue = await createMember(page.request, BLUE, 'blue_analyst');
  mission = await seedOutcomeMission(page.request, blue);
  await page.close();
  const bluePage = await browser.newPage();
  blue = await activate(bluePage, blue);
  await bluePage.close();
});

const levelRows = (page: Page) => page.getByTestId('level-row');

test('an admin creates, ranks, edits and deletes detection levels', async ({
  page,
  browser,
  shot,
  pageErrors,
}) => {
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/admin/settings');
  await page.getByRole('link', { name: 'Detection levels' }).click();
  await expect(page.getByTestId('detection-levels-page')).toBeVisible();
  await expect(levelRows(page)).toHaveCount(4);
  await expect
    .poll(() => names(levelRows(page)))
    .toEqual(['not_detected', 'logged', 'alerted', 'prevented']);

  // Create "Contained" between alerted and prevented.
  await page.getByTestId('level-create').click();
  const dialog = page.getByTestId('level-dialog');
  await dialog.getByTestId('level-label').fill('Contained');
  await expect(dialog.getByTestId('level-key')).toHaveValue('contained');
  await dialog.getByTestId('level-colour').fill('#7048e8');
  await choose(page, dialog.getByTestId('level-counts-as'), /^prevented/);
  await dialog.getByTestId('level-coverage').fill('90');
  await choose(page, dialog.getByTestId('level-after'), 'above Alerted');
  await dialog.getByTestId('level-description').fill('Blocked after it started; damage contained.');
  await shot(page, 'outcomes-level-create');
  await dialog.getByTestId('level-save').click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(() => names(levelRows(page)))
    .toEqual(['not_detected', 'logged', 'alerted', 'contained', 'prevented']);
  await shot(page, 'outcomes-levels');
  await expectAccessible(page, 'the detection levels page');

  // Drag it to the top rank.
  await dragRow(page, levelRows(page), 'level-handle', 3, 4);
  await expect
    .poll(() => names(levelRows(page)))
    .toEqual(['not_detected', 'logged', 'alerted', 'prevented', 'contained']);
  await expect
    .poll(async () => {
      const { items } = await getJson<{ items: Level[] }>(page.request, '/api/detection-levels');
      return items.map((l) => `${l.key}:${l.rank}`);
    })
    .toEqual(['not_detected:0', 'logged:1', 'alerted:2', 'prevented:3', 'contained:4']);

  // Edit it: the key is read-only.
  const contained = levelRows(page).filter({ hasText: 'Contained' });
  await contained.getByTestId('level-edit').click();
  await expect(dialog.getByTestId('level-key')).toHaveAttribute('readonly', '');
  await dialog.getByTestId('level-label').fill('Contained by EDR');
  await dialog.getByTestId('level-coverage').fill('95');
  await dialog.getByTestId('level-save').click();
  await expect(dialog).toBeHidden();
  await expect(levelRows(page).filter({ hasText: 'Contained by EDR' })).toContainText('95 %');

  // A test uses it: deleting asks for a replacement, then remaps the test.
  const { items } = await getJson<{ items: Level[] }>(page.request, '/api/detection-levels');
  const containedId = items.find((l) => l.key === 'contained')?.id ?? '';
  const blueContext = await browser.newContext();
  const bluePage = await blueContext.newPage();
  await apiSignIn(bluePage, blue);
  const second = mission.tests[1]?.id ?? '';
  await setDetectionLevel(bluePage.request, mission.id, second, containedId);
  await levelRows(page).filter({ hasText: 'Contained by EDR' }).getByTestId('level-delete').click();
  const del = page.getByTestId('level-delete-dialog');
  await del.getByTestId('level-delete-confirm').click();
  await expect(del.getByTestId('level-in-use')).toContainText('outcome of 1 test');
  await choose(page, del.getByTestId('level-replacement'), 'Prevented');
  await shot(page, 'outcomes-level-delete-replacement');
  await expectAccessible(page, 'the level delete dialog');
  await del.getByTestId('level-delete-confirm').click();
  await expect(del).toBeHidden();
  await expect(levelRows(page)).toHaveCount(4);
  const remapped = await getJson<{ detection_level_key: string }>(
    bluePage.request,
    `/api/missions/${mission.id}/tests/${second}`,
  );
  expect(remapped.detection_level_key).toBe('prevented');
  await blueContext.close();
  // The first DELETE answers 409 (in use) by design.
  expect(
    unexpectedErrors(pageErrors).filter((e) => !/409 .*\/api\/detection-levels\//.test(e)),
  ).toEqual([]);
});

test('an admin sets the evidence policy in MB and adds an allowed type', async ({
  page,
  shot,
  pageErrors,
}) => {
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto('/admin/settings');
  const max = page.getByTestId('setting-evidence.max_bytes');
  await expect(max).toHaveValue('25');
  await max.fill('50');
  const types = page.getByTestId('setting-evidence.allowed_extensions');
  await types.fill('etl');
  await types.press('Enter');
  await expect(page.getByTestId('settings-dirty')).toHaveText('2 unsaved changes');
  await shot(page, 'outcomes-settings');
  await expectAccessible(page, 'the outcome settings');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dirty')).toHaveText('No unsaved changes');
  const settings = await getJson<Record<string, unknown>>(page.request, '/api/settings');
  expect(settings['evidence.max_bytes']).toBe(50 * 1024 * 1024);
  expect(settings['evidence.allowed_extensions']).toContain('etl');
  expect(unexpectedErrors(pageErrors)).toEqual([]);
});

test('blue records per-tool results, accepts the suggestion, then overrides it', async ({
  browser,
  shot,
}) => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await apiSignIn(page, blue);
  const first = mission.tests[0]?.id ?? '';
  await page.goto(`/missions/${mission.id}/tests/${first}`);
  const zone = page.getByTestId('zone-blue');
  const rows = zone.getByTestId('tool-row');
  await expect(rows).toHaveCount(2);
  const suggestion = zone.getByTestId('outcome-suggestion-text');
  await expect(suggestion).toHaveText('Pending — 2 tools TBD');

  const edr = rows.filter({ hasText: 'CrowdStrike Falcon' });
  const siem = rows.filter({ hasText: 'Splunk ES' });
  const setFact = async (row: typeof edr, fact: string, value: string) =>
    row.getByTestId(`tool-${fact}`).getByText(value, { exact: true }).click();
  await setFact(edr, 'prevented', 'No');
  await setFact(edr, 'alerted', 'Yes');
  await setFact(edr, 'logged', 'Yes');
  await expect(suggestion).toHaveText('Pending — 1 tool TBD');
  await setFact(siem, 'prevented', 'No');
  await setFact(siem, 'alerted', 'No');
  await setFact(siem, 'logged', 'Yes');
  await expect(suggestion).toHaveText('Alerted');
  await expect(zone.getByTestId('expectation-layer')).toHaveText([/EDR.*met/, /SIEM.*not met/]);

  await edr.getByTestId('tool-details-toggle').click();
  const details = zone.getByTestId('tool-details');
  await details.getByTestId('tool-rule_name').fill('LSASS access by rundll32');
  await details.getByTestId('tool-rule_id').fill('CS-1042');
  await details.getByTestId('tool-severity').fill('high');
  await details.getByTestId('tool-case_id').fill('INC-7781');
  await details.getByTestId('tool-detected_at').fill('2026-11-29T14:07:30');
  await zone.getByTestId('outcome-accept').click();
  await expect(zone.getByTestId('blue-detection-level')).toHaveValue('Alerted');
  await shot(page, 'outcomes-grid-accepted');
  await expectAccessible(page, 'the per-tool outcome grid');
  await zone.getByTestId('zone-blue-save').click();
  await expect(zone.getByTestId('zone-blue-dirty')).toBeHidden();

  // Override: a reason is required before the save goes out.
  await choose(page, zone.getByTestId('blue-detection-level'), /^Logged/);
  await expect(zone.getByTestId('outcome-overridden')).toBeVisible();
  await zone.getByTestId('zone-blue-save').click();
  await expect(zone.getByRole('alert')).toContainText('give an override reason');
  await zone.getByTestId('outcome-override-reason').fill('The EDR alert was closed as noise.');
  await zone.getByTestId('zone-blue-save').click();
  await expect(zone.getByTestId('zone-blue-dirty')).toBeHidden();

  await page.reload();
  await expect(zone.getByTestId('blue-detection-level')).toHaveValue('Logged');
  await expect(zone.getByTestId('outcome-overridden')).toBeVisible();
  await expect(zone.getByTestId('outcome-override-reason')).toHaveValue(
    'The EDR alert was closed as noise.',
  );
  await expect(edr).toContainText('LSASS access by rundll32');
  await expect(edr.getByTestId('tool-alerted').locator('input[value="yes"]')).toBeChecked();
  const saved = await getJson<{
    suggested_outcome: { overridden: boolean };
    tool_results: unknown[];
  }>(page.request, `/api/missions/${mission.id}/tests/${first}`);
  expect(saved.suggested_outcome.overridden).toBe(true);
  await shot(page, 'outcomes-grid-overridden');

  // The plan lists each test's outcome and expected vs actual.
  await page.goto(`/missions/${mission.id}?tab=plan`);
  const row = page.getByTestId('plan-outcome').first();
  await expect(row).toContainText('Logged');
  await expect(row).toContainText('not met');
  await shot(page, 'outcomes-plan');
  await expectAccessible(page, 'the plan with outcomes');
  expect(unexpectedErrors(errors)).toEqual([]);
  await context.close();
});
