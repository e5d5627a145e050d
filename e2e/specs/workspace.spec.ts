import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, unexpectedErrors } from '../auth-helpers.js';
import {
  activate,
  createMember,
  seedMission,
  watchErrors,
  type Member,
  type SeededMission,
} from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { choose, post } from '../mission-helpers.js';

/** Issue 18: a lead bulk-assigns ten tests; red's queue shows them; blue's fills as red runs them. */

const RED = { email: 'riley.red@example.org', display_name: 'Riley Red' };
const BLUE = { email: 'bailey.blue@example.org', display_name: 'Bailey Blue' };
const LEAD = { email: 'lee.lead@example.org', display_name: 'Lee Lead' };
const VIEWPORT = { width: 1366, height: 1400 };
const TEN = [
  'Phishing link opened on WS-FIN-042',
  'Macro dropper writes to %TEMP%',
  'Scheduled task for persistence',
  'Registry run key added',
  'Kerberoasting with Rubeus',
  'DCSync from a workstation',
  'SMB lateral movement with PsExec',
  'RDP to the file server',
  'Data staged in a 7-Zip archive',
  'Exfiltration over HTTPS to a VPS',
];
const today = new Date().toISOString().slice(0, 10);

let red: Member;
let blue: Member;
let lead: Member;
let mission: SeededMission;
const ids = new Map<string, string>();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  const admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  red = await createMember(page.request, RED, 'red_operator');
  blue = await createMember(page.request, BLUE, 'blue_analyst');
  lead = await createMember(page.request, LEAD, 'purple_lead');
  mission = await seedMission(page.request, [
    { user: red, role: 'red' },
    { user: blue, role: 'blue' },
    { user: lead, role: 'lead' },
  ]);
  const base = `/api/missions/${mission.id}`;
  const planRes = await page.request.get(`${base}/plan`, { headers: API_HEADERS });
  const plan = (await planRes.json()) as { scenarios: { id: string; name: string }[] };
  const scenarioId = plan.scenarios[0]!.id;
  for (const name of TEN) {
    await post(page.request, `${base}/tests`, { scenario_id: scenarioId, name, attack_ids: [] });
  }
  const after = await page.request.get(`${base}/plan`, { headers: API_HEADERS });
  const { scenarios } = (await after.json()) as {
    scenarios: { tests: { id: string; snapshot_name: string }[] }[];
  };
  for (const t of scenarios.flatMap((s) => s.tests)) ids.set(t.snapshot_name, t.id);
  await page.close();
});

async function open(browser: Browser, member: Member, path: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await activate(page, member);
  await page.goto(path);
  return { page, errors };
}

const row = (page: Page, name: string) =>
  page.locator(`[data-testid="plan-test"][data-name="${name}"]`);

test('a lead bulk-assigns ten tests and plans them for today', async ({ browser, shot }) => {
  const { page, errors } = await open(browser, lead, `/missions/${mission.id}`);
  await page.getByTestId('tab-plan').click();
  await expect(page.getByTestId('plan-test')).toHaveCount(12);
  const bar = page.getByTestId('bulk-bar');
  await expect(bar).toBeVisible();
  for (const name of TEN) await row(page, name).getByTestId('plan-test-select').check();
  await expect(page.getByTestId('bulk-select-all')).toBeChecked({ checked: false });
  await expect(bar).toContainText('10 selected');
  await choose(page, page.getByTestId('bulk-action'), 'Assign to…');
  await choose(page, page.getByTestId('bulk-assignee'), 'Riley Red');
  await shot(page, 'workspace-bulk-assign');
  await expectAccessible(page, 'the plan with ten tests selected for a bulk assign');
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('bulk-done')).toHaveText('10 tests updated');
  for (const name of TEN) {
    await expect(row(page, name).getByTestId('plan-test-assignee-label')).toHaveText('Riley Red');
  }
  // The selection is cleared after an action: pick the ten again for the planned day.
  for (const name of TEN) await row(page, name).getByTestId('plan-test-select').check();
  await choose(page, page.getByTestId('bulk-action'), 'Set planned day…');
  await page.getByTestId('bulk-day').fill(today);
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('bulk-done')).toHaveText('10 tests updated');
  await expect(page.locator('[data-testid="plan-test-day-label"]')).toHaveCount(10);

  // One test already executed: blocking it with the others is refused whole, naming it.
  const executed = TEN[9]!;
  const res = await page.request.post(
    `/api/missions/${mission.id}/tests/${ids.get(executed)}/transition`,
    { headers: API_HEADERS, data: { state: 'executed' } },
  );
  expect(res.status(), await res.text()).toBe(200);
  await page.reload();
  await row(page, TEN[8]!).getByTestId('plan-test-select').check();
  await row(page, executed).getByTestId('plan-test-select').check();
  await choose(page, page.getByTestId('bulk-action'), /^Block/);
  await page.getByTestId('bulk-reason').fill('Target host is down for patching');
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByTestId('bulk-error')).toContainText('Nothing was changed');
  await expect(page.getByTestId('bulk-error-tests')).toHaveText(executed);
  await expect(row(page, TEN[8]!).getByTestId('test-state')).toHaveAttribute(
    'data-state',
    'pending',
  );
  await shot(page, 'workspace-bulk-refused');
  await expectAccessible(page, 'the plan with a refused bulk block');
  // Undo the execution so red's queue holds all ten.
  const back = await page.request.post(
    `/api/missions/${mission.id}/tests/${ids.get(executed)}/transition`,
    { headers: API_HEADERS, data: { state: 'pending' } },
  );
  expect(back.status()).toBe(200);
  // The refused block is the one failed request the browser logs.
  const expected = 'the server responded with a status of 409 (Conflict)';
  expect(unexpectedErrors(errors.filter((e) => !e.includes(expected)))).toEqual([]);
  await page.context().close();
});

test("red's queue shows the ten; blue's fills as red executes them", async ({ browser, shot }) => {
  const r = await open(browser, red, '/');
  const due = r.page.getByTestId('queue-red_due');
  await expect(due).toHaveAttribute('data-total', '10');
  await expect(due.getByTestId('queue-item')).toHaveCount(10);
  // Same day: in the plan's order.
  await expect(due.getByTestId('queue-item-link')).toHaveText(TEN);
  await expect(due).toContainText('planned for today');
  await shot(r.page, 'workspace-queue-red');
  await expectAccessible(r.page, "red's queue on the home page");

  const b = await open(browser, blue, '/');
  const review = b.page.getByTestId('queue-blue_review');
  await expect(review).toHaveAttribute('data-total', '0');
  await expect(review).toContainText('No executed test is waiting for blue.');

  // Red executes three from the queue's links (the test page's own button).
  for (const name of TEN.slice(0, 3)) {
    await r.page.goto('/');
    await r.page.getByTestId('queue-item-link').filter({ hasText: name }).click();
    await expect(r.page.getByTestId('execution-page')).toBeVisible();
    const res = await r.page.request.post(
      `/api/missions/${mission.id}/tests/${ids.get(name)}/transition`,
      { headers: API_HEADERS, data: { state: 'executed' } },
    );
    expect(res.status(), await res.text()).toBe(200);
  }
  await r.page.goto('/');
  await expect(due).toHaveAttribute('data-total', '7');

  await b.page.reload();
  await expect(review).toHaveAttribute('data-total', '3');
  await expect(review.getByTestId('queue-item-link')).toHaveText(TEN.slice(0, 3));
  await expect(review).toContainText(/executed \d+ s ago|executed \d+ min/);
  await shot(b.page, 'workspace-queue-blue');
  await expectAccessible(b.page, "blue's queue on the home page");
  await b.page.getByTestId('queue-item-link').first().click();
  await expect(b.page.getByTestId('execution-page')).toBeVisible();
  expect(unexpectedErrors([...r.errors, ...b.errors])).toEqual([]);
  await r.page.context().close();
  await b.page.context().close();
});
