import {
  ARCHIVE_BLUE_TEST_KEYS,
  ARCHIVE_FORMAT,
  ARCHIVE_MANIFEST_PATH,
  ARCHIVE_READABLE_VERSIONS,
  ArchiveManifest,
  archiveEvidencePath,
  type AssetKind,
} from '@metamorph/contract';
import type { Entry } from 'yauzl';
import { decodeUtf8 } from '../../../platform/utf8.js';
import { checkFindings } from './check-findings.js';
import { ArchiveRefused } from './zip-check.js';

const MAX_ISSUES = 5;

/** Any string holding NUL, which PostgreSQL text cannot store: its JSON path, or null. */
function nulPath(value: unknown, at: string): string | null {
  if (typeof value === 'string') return value.includes('\0') ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = nulPath(value[i], `${at}[${i}]`);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = nulPath(v, `${at}.${k}`);
      if (p) return p;
    }
  }
  return null;
}

/**
 * `manifest.json` parsed and checked: UTF-8 JSON, the format and its version (named in the
 * refusal), then the strict schema (an unknown key anywhere refuses it) and no NUL in any text.
 */
export function parseManifest(bytes: Buffer): ArchiveManifest {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) throw new ArchiveRefused(`${ARCHIVE_MANIFEST_PATH}: ${decoded.error}`);
  let doc: unknown;
  try {
    doc = JSON.parse(decoded.text);
  } catch (err) {
    throw new ArchiveRefused(
      `${ARCHIVE_MANIFEST_PATH} is not JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ArchiveRefused(`${ARCHIVE_MANIFEST_PATH} is not a JSON object`);
  }
  const head = doc as Record<string, unknown>;
  if (head.format !== ARCHIVE_FORMAT) {
    throw new ArchiveRefused(
      `${ARCHIVE_MANIFEST_PATH} has format ${JSON.stringify(head.format ?? null)}, not ${JSON.stringify(ARCHIVE_FORMAT)}`,
    );
  }
  const version = head.format_version;
  if (typeof version !== 'number' || !ARCHIVE_READABLE_VERSIONS.includes(version)) {
    throw new ArchiveRefused(
      `format_version ${JSON.stringify(version ?? null)} is not supported (this server reads versions ${ARCHIVE_READABLE_VERSIONS.join(' and ')})`,
    );
  }
  const parsed = ArchiveManifest.safeParse(doc);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((i) => {
      const where = [
        'manifest',
        ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)),
      ]
        .join('')
        .replace(/\.\[/g, '[');
      return `${where}: ${i.message}`;
    });
    const more =
      parsed.error.issues.length > MAX_ISSUES
        ? ` (and ${parsed.error.issues.length - MAX_ISSUES} more)`
        : '';
    throw new ArchiveRefused(
      `the manifest does not match format version ${version}: ${issues.join('; ')}${more}`,
    );
  }
  const nul = nulPath(parsed.data, 'manifest');
  if (nul) throw new ArchiveRefused(`${nul} holds a NUL character`);
  return parsed.data;
}

function unique(kind: string, ids: readonly string[]): Set<string> {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new ArchiveRefused(`the ${kind} ${id} is listed twice`);
    seen.add(id);
  }
  return seen;
}

const ASSET_REFS = {
  source_asset_id: 'source',
  target_asset_id: 'target',
  red_tool_id: 'red_tool',
} as const satisfies Record<string, AssetKind>;

/** Every reference inside the manifest resolves, nothing is listed twice, blue_included holds. */
export function checkReferences(m: ArchiveManifest): void {
  unique(
    'member',
    m.members.map((x) => x.email.toLowerCase()),
  );
  unique(
    'user',
    m.users.map((x) => x.email.toLowerCase()),
  );
  const kindOf = new Map(m.assets.map((a) => [a.id, a.kind]));
  unique(
    'asset',
    m.assets.map((a) => a.id),
  );
  const scenarios = unique(
    'scenario',
    m.scenarios.map((s) => s.id),
  );
  const tests = unique(
    'test',
    m.tests.map((t) => t.id),
  );
  unique(
    'evidence',
    m.evidence.map((e) => e.id),
  );
  for (const t of m.tests) {
    if (!scenarios.has(t.scenario_id)) {
      throw new ArchiveRefused(
        `test ${t.id} refers to scenario ${t.scenario_id}, which is not in the archive`,
      );
    }
    for (const [field, kind] of Object.entries(ASSET_REFS) as [
      keyof typeof ASSET_REFS,
      AssetKind,
    ][]) {
      const ref = t[field];
      if (ref !== null && kindOf.get(ref) !== kind) {
        throw new ArchiveRefused(
          `test ${t.id}: ${field} ${ref} is not a ${kind} asset of the archive`,
        );
      }
    }
    const tools = new Set<string>();
    for (const r of t.tool_results ?? []) {
      if (kindOf.get(r.defence_tool_id) !== 'defence_tool') {
        throw new ArchiveRefused(
          `test ${t.id}: tool result for ${r.defence_tool_id}, which is not a defence tool of the archive`,
        );
      }
      if (tools.has(r.defence_tool_id)) {
        throw new ArchiveRefused(`test ${t.id} lists defence tool ${r.defence_tool_id} twice`);
      }
      tools.add(r.defence_tool_id);
    }
    unique(
      `ATT&CK tag of test ${t.id}`,
      t.mitre_tags.map((g) => g.external_id),
    );
    if (!m.blue_included) {
      const blue = ARCHIVE_BLUE_TEST_KEYS.find((k) => k in t);
      if (blue) throw new ArchiveRefused(`blue_included is false but test ${t.id} has ${blue}`);
    }
  }
  checkFindings(m, tests);
  if (!m.blue_included && m.detection_levels !== undefined) {
    throw new ArchiveRefused('blue_included is false but the manifest lists detection_levels');
  }
  const sizeOf = new Map<string, number>();
  const perTest = new Set<string>();
  for (const e of m.evidence) {
    if (!tests.has(e.test_id)) {
      throw new ArchiveRefused(
        `evidence ${e.id} refers to test ${e.test_id}, which is not in the archive`,
      );
    }
    if (!m.blue_included && e.side === 'blue') {
      throw new ArchiveRefused(`blue_included is false but evidence ${e.id} is blue`);
    }
    if (e.path !== archiveEvidencePath(e.sha256)) {
      throw new ArchiveRefused(
        `evidence ${e.id} has path ${JSON.stringify(e.path)}, not ${archiveEvidencePath(e.sha256)}`,
      );
    }
    const known = sizeOf.get(e.sha256);
    if (known !== undefined && known !== e.size_bytes) {
      throw new ArchiveRefused(`the file ${e.path} is listed with two sizes`);
    }
    sizeOf.set(e.sha256, e.size_bytes);
    const key = `${e.test_id}/${e.sha256}`;
    if (perTest.has(key))
      throw new ArchiveRefused(`test ${e.test_id} lists the file ${e.path} twice`);
    perTest.add(key);
  }
}

/**
 * The zip holds exactly the manifest and one file per listed content: a listed file missing,
 * a file nobody lists, or a declared size that is not the listed size refuses the archive.
 */
export function checkFiles(m: ArchiveManifest, files: ReadonlyMap<string, Entry>): void {
  const listed = new Map<string, (typeof m.evidence)[number]>();
  for (const e of m.evidence) if (!listed.has(e.path)) listed.set(e.path, e);
  for (const [path, e] of listed) {
    const entry = files.get(path);
    if (!entry) {
      throw new ArchiveRefused(`the file ${path} of evidence ${e.id} (${e.filename}) is missing`);
    }
    if (entry.uncompressedSize !== e.size_bytes) {
      throw new ArchiveRefused(
        `the file ${path} holds ${entry.uncompressedSize} bytes; the manifest says ${e.size_bytes}`,
      );
    }
  }
  for (const name of files.keys()) {
    if (name !== ARCHIVE_MANIFEST_PATH && !listed.has(name)) {
      throw new ArchiveRefused(`the file ${JSON.stringify(name)} is not listed in the manifest`);
    }
  }
}
