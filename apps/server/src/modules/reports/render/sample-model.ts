/**
 * Test-only: a hand-built ReportModel for the renderer tests (PDF, DOCX, HTML) and a large one
 * for the size tests. Evidence images come from the small committed fixtures; charts are real
 * ECharts SSR SVG, as the model builder produces them.
 */
import * as echarts from 'echarts';
import { REPORT_SECTIONS, type ReportFormat } from '@metamorph/contract';
import type {
  ReportChart,
  ReportEvidence,
  ReportModel,
  ReportTest,
} from '../model/report-model.js';
import {
  FIXTURES,
  imageEvidence,
  LEVELS,
  SAMPLE_CLIENT,
  SAMPLE_MISSION,
  sampleTests,
} from './fixtures/sample-tests.js';
import { sampleBeforeAfter, sampleFindings } from './fixtures/sample-findings.js';

export {
  SAMPLE_CLIENT,
  SAMPLE_COMMAND,
  SAMPLE_MISSION,
  SAMPLE_SECRET,
  SAMPLE_SHA,
} from './fixtures/sample-tests.js';

function chartSvg(id: string, title: string, option: Record<string, unknown>): ReportChart {
  const width = 640;
  const height = 300;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: 'Inter, Arial, sans-serif' },
    ...option,
  });
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
      yAxis: {
        type: 'category',
        data: ['Credential Access', 'Lateral Movement', 'Execution', 'Persistence'],
      },
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
      {
        tactic: 'Credential Access',
        tests: 1,
        reviewed: 1,
        detected: 1,
        prevented: 0,
        rate: '100 %',
      },
      { tactic: 'Lateral Movement', tests: 1, reviewed: 1, detected: 0, prevented: 0, rate: '0 %' },
      { tactic: 'Discovery', tests: 1, reviewed: 1, detected: 0, prevented: 0, rate: '0 %' },
      { tactic: 'Execution', tests: 1, reviewed: 1, detected: 1, prevented: 1, rate: '100 %' },
      { tactic: 'Persistence', tests: 2, reviewed: 1, detected: 1, prevented: 0, rate: '100 %' },
    ],
    findings: sampleFindings(),
    beforeAfter: sampleBeforeAfter(),
    tests,
    evidenceManifest: manifestOf(tests),
    levels: [
      {
        key: 'prevented',
        label: 'Prevented',
        colour: '#2b8a3e',
        countsAs: 'prevented',
        coverageScore: 1,
        description: 'A control stopped the procedure.',
      },
      {
        key: 'alerted',
        label: 'Alerted',
        colour: '#1c7ed6',
        countsAs: 'alerted',
        coverageScore: 0.75,
        description: 'An alert reached the SOC.',
      },
      {
        key: 'logged',
        label: 'Logged',
        colour: '#f59f00',
        countsAs: 'logged',
        coverageScore: 0.25,
        description: 'Telemetry exists; no alert.',
      },
      {
        key: 'not_detected',
        label: 'Not detected',
        colour: '#c92a2a',
        countsAs: 'none',
        coverageScore: 0,
        description: null,
      },
    ],
    methodologyMd:
      'Each test is a procedure mapped to **MITRE ATT&CK**. Red executes it in the agreed window; blue records what each defence saw.\n\n- *Detection rate* counts alerted + prevented.\n- Logged is reported apart.',
    redactionPatterns: ['Passwords in command lines', 'NTLM/NT hashes', 'JWTs'],
  };
}

function sampleHeatmap(): ReportModel['heatmap'] {
  const cell = (
    externalId: string,
    name: string,
    level: keyof typeof LEVELS | null,
    fraction: string,
  ) => ({
    externalId,
    name,
    levelLabel: level ? LEVELS[level].label : null,
    colour: level ? LEVELS[level].colour : null,
    fraction,
  });
  return {
    columns: [
      { tactic: 'Execution', cells: [cell('T1059.001', 'PowerShell', 'prevented', '1/1')] },
      {
        tactic: 'Persistence',
        cells: [
          cell('T1053.005', 'Scheduled Task', 'alerted', '1/1'),
          cell('T1546.003', 'WMI Event Subscription', null, '0/1'),
        ],
      },
      { tactic: 'Credential Access', cells: [cell('T1003.001', 'LSASS Memory', 'alerted', '1/1')] },
      { tactic: 'Discovery', cells: [cell('T1135', 'Network Share Discovery', 'logged', '0/1')] },
      {
        tactic: 'Lateral Movement',
        cells: [cell('T1021.002', 'SMB/Windows Admin Shares', 'none', '0/1')],
      },
      {
        tactic: 'Command and Control',
        cells: [cell('T1105', 'Ingress Tool Transfer', 'prevented', '1/1')],
      },
    ],
    legend: [
      ...Object.values(LEVELS).map((l) => ({ label: l.label, colour: l.colour })),
      { label: 'No outcome', colour: '#e9ecef' },
    ],
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
      scenarioName: `Scenario ${scenario}`,
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
