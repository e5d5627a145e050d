import { randomUUID } from 'node:crypto';
import type { Api } from './missions.js';
import { MINI_TECHNIQUES } from './results.js';

/** Atomic Red Team YAML files of `perFile` generated tests each, one file per technique. */
export function generatedAtomics(
  total: number,
  perFile = 100,
): {
  files: Array<{ name: string; content: Buffer }>;
  guids: string[];
} {
  const files: Array<{ name: string; content: Buffer }> = [];
  const guids: string[] = [];
  for (let f = 0; f * perFile < total; f++) {
    const technique = MINI_TECHNIQUES[f % MINI_TECHNIQUES.length]!;
    const tests: string[] = [];
    for (let i = 0; i < perFile && f * perFile + i < total; i++) {
      const guid = randomUUID();
      guids.push(guid);
      tests.push(
        [
          `  - name: Generated test ${f}-${i}`,
          `    auto_generated_guid: ${guid}`,
          '    description: A generated test for the import benchmark.',
          '    supported_platforms: [windows]',
          '    executor:',
          '      name: powershell',
          `      command: Write-Host "run ${f}-${i}"`,
        ].join('\n'),
      );
    }
    const yaml = `attack_technique: ${technique}\ndisplay_name: 'Bench ${technique}'\natomic_tests:\n${tests.join('\n')}\n`;
    files.push({ name: `bench-${f}.yaml`, content: Buffer.from(yaml) });
  }
  return { files, guids };
}

/** Every library template id with its key (paged). */
export async function libraryKeys(http: Api): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: string; key: string }[]; next_cursor: string | null } =
      await http.get(
        `/api/library/tests?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
    for (const t of page.items) keys.set(t.key, t.id);
    cursor = page.next_cursor;
  } while (cursor);
  return keys;
}

/** An ATTiRe 1.1 log of one procedure per guid, each with a command and ~2 KB of output. */
export function attireLog(guids: readonly string[]): Buffer {
  const output = 'x'.repeat(2000);
  return Buffer.from(
    JSON.stringify({
      'attire-version': '1.1',
      'execution-data': {
        'execution-source': 'Invoke-Atomicredteam',
        'execution-id': randomUUID(),
        target: { user: 'CORP\\bench', host: 'WS01', ip: '10.0.0.15' },
        'time-generated': '2026-11-30T09:00:00.000Z',
      },
      procedures: guids.map((guid, i) => ({
        'mitre-technique-id': 'T1059.001',
        'procedure-name': `Generated ${i}`,
        'procedure-id': { type: 'guid', id: guid },
        order: i + 1,
        steps: [
          {
            order: 1,
            'time-start': new Date(Date.UTC(2026, 10, 30, 9, 0, i)).toISOString(),
            'time-stop': new Date(Date.UTC(2026, 10, 30, 9, 0, i + 1)).toISOString(),
            executor: 'powershell',
            command: `Write-Host "run ${i}"`,
            output: [{ content: `${output} ${i}`, level: 'STDOUT', type: 'console' }],
          },
        ],
      })),
    }),
  );
}

/** A spreadsheet plan of `rows` tests as CSV. */
export function planCsv(rows: number): Buffer {
  const lines = ['Test case,ATT&CK,Goal,Steps,Expected detection,OS'];
  for (let i = 0; i < rows; i++) {
    const t = MINI_TECHNIQUES[i % MINI_TECHNIQUES.length];
    lines.push(`Planned test ${i},${t},Goal ${i},"Step one; step two",SIEM alert ${i},Windows`);
  }
  return Buffer.from(lines.join('\r\n'));
}

/** POST a multipart body (cookie session), answering the status and JSON. */
export async function postForm(
  url: string,
  cookie: string,
  path: string,
  parts: Array<{ name: string; content: Buffer; filename?: string }>,
): Promise<{ status: number; json: unknown }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename) form.append(p.name, new Blob([p.content]), p.filename);
    else form.append(p.name, p.content.toString());
  }
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { cookie, 'x-requested-with': 'metamorph' },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as unknown };
}
