import { and, eq, isNull, sql } from 'drizzle-orm';
import { clients, missions } from '../../db/schema/index.js';
import { requireActor, type Actor } from '../../platform/authz.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { DbOrTx } from '../../platform/tx.js';

/** Who may write threat profiles: leads (mission.create) and admins (admin.missions). */
export const PROFILE_WRITERS = ['mission.create', 'admin.missions'] as const;

export interface ClientRef {
  id: string;
  name: string;
}

/**
 * The client as coverage reads it: visible to admin.missions and mission.create holders, and
 * to members of one of its live missions; anyone else gets 404 (no existence leak).
 */
export async function readableClient(
  db: DbOrTx,
  actor: Actor | null,
  clientId: string,
): Promise<ClientRef> {
  const a = requireActor(actor);
  const [c] = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(eq(clients.id, clientId));
  if (!c) throw notFound('Client');
  if (PROFILE_WRITERS.some((p) => a.permissions.has(p))) return c;
  const [member] = await db
    .select({ id: missions.id })
    .from(missions)
    .where(
      and(
        eq(missions.clientId, clientId),
        isNull(missions.deletedAt),
        sql`exists (select 1 from mission_members mm where mm.mission_id = ${missions.id} and mm.user_id = ${a.userId})`,
      ),
    )
    .limit(1);
  if (!member) throw notFound('Client');
  return c;
}

/** The client for a profile write: 403 without a writer permission, 404 without the client. */
export async function writableClient(
  db: DbOrTx,
  actor: Actor | null,
  clientId: string,
): Promise<ClientRef> {
  const a = requireActor(actor);
  if (!PROFILE_WRITERS.some((p) => a.permissions.has(p))) {
    throw forbidden(`Threat profiles are written by holders of ${PROFILE_WRITERS.join(' or ')}`);
  }
  return readableClient(db, a, clientId);
}
