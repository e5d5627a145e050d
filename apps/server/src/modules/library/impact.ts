import type { DiffImpact } from '@metamorph/contract';
import { asc, eq, inArray } from 'drizzle-orm';
import { libraryTestAttack, libraryTests } from '../../db/schema/index.js';
import { hasPermission } from '../../platform/authz.js';
import type { DiffImpactProvider, ReleaseDiffCore } from '../attack/index.js';

type Reason = DiffImpact['reasons'][number];

/** Why each technique id is in the diff. */
export function reasonsById(diff: ReleaseDiffCore): Map<string, Reason[]> {
  const out = new Map<string, Reason[]>();
  const add = (id: string, r: Reason) => {
    const list = out.get(id) ?? [];
    if (!list.includes(r)) list.push(r);
    out.set(id, list);
  };
  for (const c of diff.changed) add(c.external_id, 'changed');
  for (const t of diff.deprecated) add(t.external_id, 'deprecated');
  for (const t of diff.revoked) add(t.external_id, 'revoked');
  for (const t of diff.removed) add(t.external_id, 'removed');
  return out;
}

/** Release diff impact: the test templates tagged with a technique the diff touches. */
export const libraryImpactProvider: DiffImpactProvider = {
  name: 'library.test_templates',
  async impacts({ db, diff, actor, touched }) {
    if (!hasPermission(actor, 'library.read') || touched.length === 0) return [];
    const rows = await db
      .select({
        id: libraryTests.id,
        name: libraryTests.name,
        externalId: libraryTestAttack.externalId,
      })
      .from(libraryTestAttack)
      .innerJoin(libraryTests, eq(libraryTests.id, libraryTestAttack.testId))
      .where(inArray(libraryTestAttack.externalId, touched))
      .orderBy(asc(libraryTests.name), asc(libraryTests.id), asc(libraryTestAttack.position));
    const reasons = reasonsById(diff);
    const byTemplate = new Map<string, DiffImpact>();
    for (const r of rows) {
      const item = byTemplate.get(r.id) ?? {
        provider: 'library.test_templates',
        kind: 'test_template',
        id: r.id,
        label: r.name,
        mission_id: null,
        external_ids: [],
        reasons: [],
      };
      item.external_ids.push(r.externalId);
      for (const reason of reasons.get(r.externalId) ?? []) {
        if (!item.reasons.includes(reason)) item.reasons.push(reason);
      }
      byTemplate.set(r.id, item);
    }
    return [...byTemplate.values()];
  },
};
