import { TestTemplate, type TestTemplateCreate } from '@metamorph/contract';
import { expect } from 'vitest';
import type { Headers } from '../../../test/auth-helpers.js';
import type { TestApp } from '../../../test/harness.js';

/** A full test template body; override what a test cares about. */
export function sampleTest(over: Partial<TestTemplateCreate> = {}): TestTemplateCreate {
  return {
    name: 'Encoded PowerShell download cradle',
    description: 'Downloads and runs a script from a web server with an encoded command.',
    objective: 'Check that script-block logging and the EDR see encoded PowerShell.',
    procedure_md: '1. Start the web server\n2. Run the command',
    prerequisites_md: 'A Windows 11 host with PowerShell 5',
    expected_red_md: 'The script runs and writes a marker file.',
    expected_blue_md: 'Event 4104 with the decoded script; an EDR alert.',
    opsec_level: 'medium',
    tags: ['powershell', 'download'],
    expected_iocs: ['C:\\Users\\Public\\marker.txt'],
    attack_ids: ['T1059.001', 'TA0002'],
    platforms: ['Windows'],
    executor: {
      name: 'powershell',
      command: 'powershell -enc #{encoded}',
      cleanup_command: 'Remove-Item C:\\Users\\Public\\marker.txt',
      steps_md: null,
      elevation_required: false,
    },
    input_arguments: [
      { name: 'encoded', description: 'Base64 command', type: 'string', default: 'SQBFAFgA' },
    ],
    dependencies: [
      {
        description: 'PowerShell 5 or later',
        prereq_command: 'if ($PSVersionTable.PSVersion.Major -ge 5) { exit 0 } else { exit 1 }',
        get_prereq_command: null,
      },
    ],
    dependency_executor: 'powershell',
    detection_refs: [
      {
        kind: 'sigma',
        ref_id: 'b0d77106-7bb0-41fe-bd94-d1752164d066',
        title: 'Suspicious Encoded PowerShell Command Line',
        url: 'https://github.com/SigmaHQ/sigma',
      },
    ],
    expected_outcomes: [
      { layer: 'edr', expectation: 'prevent' },
      { layer: 'siem', expectation: 'alert' },
    ],
    ...over,
  };
}

export async function createTemplate(
  t: TestApp,
  auth: Headers,
  body: Partial<TestTemplateCreate> = {},
): Promise<TestTemplate> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/library/tests',
    payload: sampleTest(body),
    headers: auth,
  });
  expect(res.statusCode, res.body).toBe(201);
  return TestTemplate.parse(res.json());
}
