import type { ArchiveImportReport, ArchiveManifest } from '@metamorph/contract';
import { eq, inArray, sql } from 'drizzle-orm';
import { clients, detectionLevels, users } from '../../../db/schema/index.js';
import { newId } from '../../../platform/ids.js';
import type { Tx } from '../../../platform/tx.js';
import { ArchiveRefused } from './zip-check.js';

/** How the archive's references land on this instance. */
export interface ImportMapping {
  client: { id: string; name: string; created: boolean };
  /** Lower-cased email → user id, for the archive's users known here. */
  users: ReadonlyMap<string, string>;
  /** Detection level key → id, for the keys known here. */
  levels: ReadonlyMap<string, string>;
}

/** Every email the manifest refers to (lower-cased), wherever it appears. */
export function referencedEmails(m: ArchiveManifest): Set<string> {
  const out = new Set<string>();
  const add = (e: string | null | undefined) => {
    if (e) out.add(e.toLowerCase());
  };
  add(m.mission.created_by);
  add(m.mission.executive_summary_updated_by);
  for (const u of m.users) add(u.email);
  for (const x of m.members) add(x.email);
  for (const t of m.tests) {
    add(t.assignee);
    add(t.last_actor);
    for (const r of t.tool_results ?? []) add(r.updated_by);
  }
  for (const e of m.evidence) add(e.uploaded_by);
  for (const f of m.findings ?? []) {
    add(f.owner);
    add(f.created_by);
  }
  return out;
}

/**
 * The client (`clientId` when given — it must exist — else the archive's client matched by name,
 * case-insensitively, else a new one), users by email and levels by key. Inside the import's
 * transaction, so a client created here commits with the mission.
 */
export async function resolveMapping(
  tx: Tx,
  m: ArchiveManifest,
  opts: { clientId: string | null; now: Date },
): Promise<ImportMapping> {
  const client = await resolveClient(tx, m, opts);
  const emails = [...referencedEmails(m)];
  const found =
    emails.length === 0
      ? []
      : await tx
          .select({ id: users.id, email: users.email })
          .from(users)
          .where(inArray(sql`lower(${users.email})`, emails));
  const keys = [
    ...new Set(m.tests.flatMap((t) => (t.detection_level ? [t.detection_level.key] : []))),
  ];
  const levels =
    keys.length === 0
      ? []
      : await tx
          .select({ id: detectionLevels.id, key: detectionLevels.key })
          .from(detectionLevels)
          .where(inArray(detectionLevels.key, keys));
  return {
    client,
    users: new Map(found.map((u) => [u.email.toLowerCase(), u.id])),
    levels: new Map(levels.map((l) => [l.key, l.id])),
  };
}

async function resolveClient(
  tx: Tx,
  m: ArchiveManifest,
  opts: { clientId: string | null; now: Date },
): Promise<ImportMapping['client']> {
  if (opts.clientId) {
    const [row] = await tx
      .select({ id: clients.id, name: clients.name })
      .from(clients)
      .where(eq(clients.id, opts.clientId));
    if (!row) throw new ArchiveRefused(`the client ${opts.clientId} chosen for it does not exist`);
    return { ...row, created: false };
  }
  const byName = () =>
    tx
      .select({ id: clients.id, name: clients.name })
      .from(clients)
      .where(eq(sql`lower(${clients.name})`, m.client.name.toLowerCase()));
  const [existing] = await byName();
  if (existing) return { ...existing, created: false };
  const id = newId();
  // A concurrent import of the same client's name: the other one's row is used.
  const inserted = await tx
    .insert(clients)
    .values({
      id,
      name: m.client.name,
      notes: m.client.notes,
      createdAt: opts.now,
      updatedAt: opts.now,
    })
    .onConflictDoNothing()
    .returning({ id: clients.id });
  if (inserted.length > 0) return { id, name: m.client.name, created: true };
  const [winner] = await byName();
  if (!winner) throw new Error('client vanished while importing');
  return { ...winner, created: false };
}

/** The users and levels parts of the import report. */
export function mappingReport(
  m: ArchiveManifest,
  map: ImportMapping,
): Pick<ArchiveImportReport, 'users' | 'detection_levels' | 'members_skipped'> {
  const names = new Map(m.users.map((u) => [u.email.toLowerCase(), u.display_name]));
  const roles = new Map<string, string[]>();
  for (const x of m.members) roles.set(x.email.toLowerCase(), [x.role]);
  const mapped: ArchiveImportReport['users']['mapped'] = [];
  const unmapped: ArchiveImportReport['users']['unmapped'] = [];
  for (const email of [...referencedEmails(m)].sort()) {
    const user = { email, display_name: names.get(email) ?? email };
    if (map.users.has(email)) mapped.push(user);
    else unmapped.push({ ...user, roles: roles.get(email) ?? [] });
  }
  const levelsUsed = new Map<string, { label: string; tests: number }>();
  for (const t of m.tests) {
    if (!t.detection_level) continue;
    const seen = levelsUsed.get(t.detection_level.key);
    if (seen) seen.tests += 1;
    else levelsUsed.set(t.detection_level.key, { label: t.detection_level.label, tests: 1 });
  }
  const levels = [...levelsUsed.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    users: { mapped, unmapped },
    detection_levels: {
      mapped: levels
        .filter(([k]) => map.levels.has(k))
        .map(([key, v]) => ({ key, label: v.label })),
      unmapped: levels
        .filter(([k]) => !map.levels.has(k))
        .map(([key, v]) => ({ key, label: v.label, tests: v.tests })),
    },
    members_skipped: m.members
      .filter((x) => !map.users.has(x.email.toLowerCase()))
      .map((x) => ({ email: x.email, role: x.role })),
  };
}
