import { SWEEP_ACTORS, type SweepActor } from './sweep-world.js';

/**
 * The committed route × caller table of the authorization sweep (test/authz-table.txt): one
 * line per route, the status each caller gets. Read and written here so the file stays plain
 * text a reviewer reads as a table.
 */
export type AuthzRow = Record<SweepActor, string>;
export type AuthzTable = Map<string, AuthzRow>;

/** Column titles, four characters wide, in SWEEP_ACTORS order. */
const TITLES: Record<SweepActor, string> = {
  anonymous: 'anon',
  no_role: 'none',
  outsider: 'outs',
  viewer: 'view',
  blue: 'blue',
  red: 'red',
  token: 'tokn',
  lead: 'lead',
  admin: 'admin',
};
const ROUTE_WIDTH = 62;

const HEADER = `# Authorization sweep: the status every caller gets from every route the app registers.
# Checked by apps/server/test/authz-sweep.test.ts, which fails on a route without a row, a row
# without a route, or any cell that differs. Regenerate with
#   AUTHZ_SWEEP=write npx vitest run --project server apps/server/test/authz-sweep.test.ts
# and review the diff: a changed cell is a change of who may do what.
#
# Callers (one mission M, led by "lead", with members "view", "blue" and "red"):
#   anon   no credentials                      none   signed in, no role, no membership
#   outs   global purple lead, not in M        view   M's viewer (global viewer)
#   blue   M's blue-only member (M has a test hidden from blue)
#   red    M's red member (global red operator)
#   tokn   the lead's API token scoped to library.read only
#   lead   M's lead (global purple lead)       admin  global admin, not in M
# Requests: writes with a JSON body send {"zz_authz_sweep": true}, so a caller let through
# gets 422 and nothing changes; writes without a body name fresh ids below M (404 after the
# checks), except those acting on M, its evidence or its finding themselves, which get a
# disposable one per call. Reads name real ids. 404 on a mission, evidence or finding route
# for "none" and "outs" is the same answer as for an id that does not exist.
`;

export function renderTable(rows: AuthzTable): string {
  const head =
    '# route'.padEnd(ROUTE_WIDTH) + SWEEP_ACTORS.map((a) => TITLES[a].padStart(6)).join('');
  const lines = [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, row]) => {
      const [method = '', url = ''] = route.split(' ');
      return (
        `${method.padEnd(7)}${url}`.padEnd(ROUTE_WIDTH) +
        SWEEP_ACTORS.map((a) => row[a].padStart(6)).join('')
      );
    });
  return `${HEADER}${head}\n${lines.join('\n')}\n`;
}

export function parseTable(text: string): AuthzTable {
  const rows: AuthzTable = new Map();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [method, url, ...cells] = line.trim().split(/\s+/);
    if (!method || !url || cells.length !== SWEEP_ACTORS.length) {
      throw new Error(`authz table: malformed line "${line}"`);
    }
    rows.set(
      `${method} ${url}`,
      Object.fromEntries(SWEEP_ACTORS.map((a, i) => [a, cells[i] ?? ''])) as AuthzRow,
    );
  }
  return rows;
}

/** Human-readable differences: missing rows, stale rows, changed cells. */
export function diffTables(want: AuthzTable, got: AuthzTable): string[] {
  const out: string[] = [];
  for (const [route, row] of got) {
    const expected = want.get(route);
    if (!expected) {
      out.push(`${route}: no row in the table (a new route: add it and review who may call it)`);
      continue;
    }
    for (const a of SWEEP_ACTORS) {
      if (expected[a] !== row[a])
        out.push(`${route} as ${a}: ${row[a]}, table says ${expected[a]}`);
    }
  }
  for (const route of want.keys()) {
    if (!got.has(route)) out.push(`${route}: in the table but not registered (remove the row)`);
  }
  return out;
}
