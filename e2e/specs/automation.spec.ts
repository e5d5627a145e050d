import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { expectAccessible } from '../a11y.js';
import {
  API_HEADERS,
  apiSignIn,
  prepareAdmin,
  unexpectedErrors,
  type Credentials,
} from '../auth-helpers.js';
import { CALDERA_KEY, startCalderaStub } from '../caldera-stub.js';
import { watchErrors } from '../execution-helpers.js';
import { expect, test } from '../fixtures.js';
import { importAttack, post } from '../mission-helpers.js';
import { REPO_ROOT } from '../paths.js';

/** Automation: execution results from an ATTiRe log, and a test plan from a spreadsheet. */

const FIXTURES = path.join(REPO_ROOT, 'apps/server/test/fixtures/automation');
const VIEWPORT = { width: 1440, height: 1000 };
let admin: Credentials;
let missionId: string;
let transferId: string;
let clientId: string;
let artTemplates: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ resetServer, browser }) => {
  await resetServer();
  admin = await prepareAdmin();
  const page = await browser.newPage();
  await apiSignIn(page, admin);
  const api = page.request;
  await importAttack(api, 'mini-enterprise.json');
  const atomics = await api.post('/api/library/import/atomics', {
    headers: API_HEADERS,
    multipart: {
      file: {
        name: 'T1059.001.yaml',
        mimeType: 'application/yaml',
        buffer: await readFile(path.join(FIXTURES, 'T1059.001.yaml')),
      },
    },
  });
  expect(atomics.status(), await atomics.text()).toBe(202);
  const { job } = (await atomics.json()) as { job: { id: string } };
  await expect
    .poll(
      async () =>
        (
          (await (await api.get(`/api/jobs/${job.id}`, { headers: API_HEADERS })).json()) as {
            status: string;
          }
        ).status,
    )
    .toBe('succeeded');
  const library = (await (
    await api.get('/api/library/tests?technique=T1059.001', { headers: API_HEADERS })
  ).json()) as {
    items: { id: string; key: string }[];
  };
  const client = await post<{ id: string }>(api, '/api/clients', { name: 'Initech' });
  const mission = await post<{ id: string }>(api, '/api/missions', {
    client_id: client.id,
    name: 'Operation Kestrel',
  });
  missionId = mission.id;
  clientId = client.id;
  artTemplates = library.items.filter((i) => i.key.startsWith('art:')).map((i) => i.id);
  const base = `/api/missions/${missionId}`;
  const scenario = await post<{ id: string }>(api, `${base}/scenarios`, {
    name: 'Automated day',
    test_template_ids: artTemplates,
  });
  await post(api, `${base}/tests`, {
    scenario_id: scenario.id,
    name: 'Certutil download',
    attack_ids: ['T1105'],
  });
  await post(api, `${base}/assets`, { kind: 'target', name: 'WS01' });
  await post(api, `${base}/assets`, { kind: 'red_tool', name: 'Invoke-AtomicRedTeam' });
  const plan = (await (await api.get(`${base}/plan`, { headers: API_HEADERS })).json()) as {
    scenarios: { tests: { id: string; snapshot_name: string }[] }[];
  };
  transferId = plan.scenarios
    .flatMap((s) => s.tests)
    .find((t) => t.snapshot_name === 'Certutil download')!.id;
  // A person already wrote the command of one test: the import must not overwrite it.
  const put = await api.put(`${base}/tests/${transferId}`, {
    headers: API_HEADERS,
    data: { red_command: 'bitsadmin /transfer job http://127.0.0.1/tool.exe tool.exe' },
  });
  expect(put.status(), await put.text()).toBe(200);
  await page.close();
});

test('red imports an ATTiRe log: dry run, import, then resolves the conflict', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${missionId}?tab=plan`);
  await page.getByTestId('plan-import-results').click();
  const dialog = page.getByTestId('import-results-dialog');
  await expect(dialog).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-results-choose').click();
  await (await chooser).setFiles(path.join(FIXTURES, 'attire-run.json'));
  await page.getByTestId('import-results-dry-run').click();
  const report = page.getByTestId('execution-report');
  await expect(report).toContainText('Dry run — nothing was written');
  await expect(page.getByTestId('total-conflict')).toHaveText('1 conflict');

  await page.getByTestId('import-results-start').click();
  await expect(report).toContainText('Imported:');
  await expect(page.getByTestId('total-filled')).toHaveText('2 filled');
  await expect(page.getByTestId('execution-conflict')).toContainText('kept “bitsadmin');
  await page.waitForTimeout(300);
  await shot(page, 'automation-import-report');
  await expectAccessible(page, 'the execution import report');

  await page.getByTestId('execution-overwrite').click();
  await expect(page.getByTestId('total-conflict')).toHaveCount(0);
  await expect(page.getByTestId('total-filled')).toHaveText('3 filled');
  await page.locator('label', { hasText: /^All \(/ }).click();
  await shot(page, 'automation-import-resolved');
  await page.getByRole('button', { name: 'Close the import dialog' }).click();

  await page.goto(`/missions/${missionId}/tests/${transferId}`);
  await expect(
    page.getByText('certutil -urlcache -split -f http://127.0.0.1/tool.exe tool.exe').first(),
  ).toBeVisible();
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('a lead plans tests from a spreadsheet with a column mapping', async ({ page, shot }) => {
  const errors = watchErrors(page);
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${missionId}?tab=plan`);
  await page.getByTestId('plan-import-sheet').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('plan-import-choose').click();
  await (
    await chooser
  ).setFiles({
    name: 'q1-plan.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      [
        'Test case,ATT&CK,Goal,Steps,Expected detection,OS',
        'Kerberoasting,"T1027.004, T9999",Get service tickets,Rubeus kerberoast,SIEM alert on 4769 RC4,Windows',
        'Phishing macro,T1566.001,Run a macro,Open invoice.docm,EDR blocks child process,Windows',
      ].join('\r\n'),
    ),
  });
  await expect(page.getByTestId('plan-sample')).toContainText('Kerberoasting');
  await expect(page.getByTestId('plan-map-name')).toHaveValue('Test case');
  await page.getByTestId('plan-map-technique_ids').click();
  await page.getByRole('option', { name: 'ATT&CK' }).click();
  await page.getByTestId('plan-map-expected_blue').click();
  await page.getByRole('option', { name: 'Expected detection' }).click();
  await page.waitForTimeout(300);
  await shot(page, 'automation-plan-mapping');
  await expectAccessible(page, 'the spreadsheet mapping');
  await page.getByTestId('plan-import-check').click();
  await expect(page.getByTestId('plan-rows')).toContainText('T9999 is not in the ATT&CK catalog');
  await shot(page, 'automation-plan-rows');
  await page.getByTestId('plan-import-start').click();
  await expect(page.getByTestId('plan-import-done')).toContainText('2 tests were added');
  await page.getByTestId('plan-import-close').click();
  await expect(page.getByTestId('mission-plan')).toContainText('Kerberoasting');
  await expect(page.getByTestId('mission-plan')).toContainText('Phishing macro');
  await shot(page, 'automation-plan-after');
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('an XLSX plan: the worksheet picker reads the chosen sheet', async ({ page, shot }) => {
  const errors = watchErrors(page);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Read me').addRow(['Plan for the Q1 exercise — see the Plan sheet']);
  const ws = wb.addWorksheet('Plan');
  ws.addRow(['Test case', 'Technique']);
  ws.addRow(['DCSync from a workstation', 'T1003.006']);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await page.setViewportSize(VIEWPORT);
  await apiSignIn(page, admin);
  await page.goto(`/missions/${missionId}?tab=plan`);
  await page.getByTestId('plan-import-sheet').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('plan-import-choose').click();
  await (
    await chooser
  ).setFiles({
    name: 'q1-plan.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  // The first sheet with a row is read; the picker offers the others.
  const picker = page.getByTestId('plan-import-sheet-choice');
  await expect(picker).toHaveValue('Read me');
  await picker.click();
  await page.getByRole('option', { name: 'Plan', exact: true }).click();
  await expect(picker).toHaveValue('Plan');
  await expect(page.getByTestId('plan-sample')).toContainText('DCSync from a workstation');
  await expect(page.getByTestId('plan-map-name')).toHaveValue('Test case');
  await shot(page, 'automation-plan-xlsx-sheet');
  await expectAccessible(page, 'the worksheet picker');
  await page.getByTestId('plan-import-check').click();
  await page.getByTestId('plan-import-start').click();
  await expect(page.getByTestId('plan-import-done')).toContainText('1 test was added');
  await page.getByTestId('plan-import-close').click();
  await expect(page.getByTestId('mission-plan')).toContainText('DCSync from a workstation');
  expect(unexpectedErrors(errors)).toEqual([]);
});

test('red imports a Caldera operation: server, key, operation picker, report', async ({
  page,
  shot,
}) => {
  const errors = watchErrors(page);
  // A local Caldera answering its documented REST API v2 shapes (fixtures from its docs).
  const caldera = await startCalderaStub(FIXTURES);
  const { seenKeys } = caldera;
  const calderaUrl = caldera.url;
  try {
    await page.setViewportSize(VIEWPORT);
    await apiSignIn(page, admin);
    // The lab's Caldera is on a private address: the admin allows private outbound targets.
    const allowed = await page.request.patch('/api/settings', {
      headers: API_HEADERS,
      data: { 'outbound.allow_private_targets': true },
    });
    expect(allowed.status(), await allowed.text()).toBe(200);
    const mission = await post<{ id: string }>(page.request, '/api/missions', {
      client_id: clientId,
      name: 'Operation Osprey',
    });
    const base = `/api/missions/${mission.id}`;
    const scenario = await post<{ id: string }>(page.request, `${base}/scenarios`, {
      name: 'Caldera day',
      test_template_ids: artTemplates,
    });
    await post(page.request, `${base}/tests`, {
      scenario_id: scenario.id,
      name: 'Certutil download',
      attack_ids: ['T1105'],
    });

    await page.goto(`/missions/${mission.id}?tab=plan`);
    await page.getByTestId('plan-import-results').click();
    const dialog = page.getByTestId('import-results-dialog');
    await dialog.getByTestId('import-results-mode').getByText('From Caldera').click();
    await dialog.getByTestId('caldera-url').fill(calderaUrl);
    await dialog.getByTestId('caldera-key').fill(CALDERA_KEY);
    await dialog.getByTestId('caldera-load').click();
    await expect(dialog).toContainText('2 operations on this server');
    await dialog.getByTestId('caldera-operation').click();
    await page.getByRole('option', { name: /Finance day/ }).click();
    await page.waitForTimeout(300);
    await shot(page, 'automation-caldera-source');
    await expectAccessible(page, 'the Caldera source of the import dialog');

    await dialog.getByTestId('import-results-start').click();
    const report = page.getByTestId('execution-report');
    await expect(report).toContainText('Imported:');
    // Two PowerShell abilities and the certutil one fill tests; whoami has no test; the
    // discarded link is reported as an error.
    await expect(page.getByTestId('total-filled')).toHaveText('3 filled');
    await expect(report).toContainText('caldera-Finance day.json');
    await page.waitForTimeout(300);
    await shot(page, 'automation-caldera-report');
    await expectAccessible(page, 'the Caldera import report');
    expect(seenKeys.every((k) => k === CALDERA_KEY)).toBe(true);
    // The key was sent to Caldera, never kept: the audit does not hold it.
    const audit = await page.request.get(`/api/audit?limit=50`, { headers: API_HEADERS });
    expect(audit.status()).toBe(200);
    expect(await audit.text()).not.toContain(CALDERA_KEY);
  } finally {
    await caldera.close();
  }
  expect(unexpectedErrors(errors)).toEqual([]);
});
