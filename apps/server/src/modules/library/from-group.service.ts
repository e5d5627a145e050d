import type { FromGroupRequest, FromGroupResult } from '@metamorph/contract';
import { eq, inArray, or } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { libraryTestAttack, libraryTests } from '../../db/schema/index.js';
import { appendAuditMany, type AuditContext } from '../../platform/audit/audit.js';
import { accountId, requirePermission } from '../../platform/authz.js';
import { notFound, validationFailed } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { DbOrTx } from '../../platform/tx.js';
import { currentTactics, groupByExternalId, usesOfGroup } from '../attack/index.js';
import { LIBRARY_ATTACK_DOMAIN } from './attack-tags.js';
import { generateKey } from './content.js';
import { insertScenarioRow, replaceScenarioTests } from './scenarios.repo.js';
import type { ScenarioTemplatesService } from './scenarios.service.js';
import { upsertTests } from './upsert.js';

type Technique = { externalId: string; name: string; platforms: string[]; tactics: string[] };
type Candidate = { id: string; key: string; name: string };

/** Library templates per technique; a parent technique also takes its sub-techniques' templates. */
async function candidatesFor(db: DbOrTx, ids: string[]): Promise<Map<string, Candidate[]>> {
  const out = new Map<string, Candidate[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const parents = ids.filter((id) => !id.includes('.'));
  const rows = await db
    .select({
      externalId: libraryTestAttack.externalId,
      parentId: libraryTestAttack.parentId,
      id: libraryTests.id,
      key: libraryTests.key,
      name: libraryTests.name,
    })
    .from(libraryTestAttack)
    .innerJoin(libraryTests, eq(libraryTests.id, libraryTestAttack.testId))
    .where(
      or(
        inArray(libraryTestAttack.externalId, ids),
        parents.length > 0 ? inArray(libraryTestAttack.parentId, parents) : undefined,
      ),
    );
  for (const r of rows) {
    for (const target of new Set([r.externalId, r.parentId])) {
      const list = out.get(target);
      if (list && !list.some((c) => c.id === r.id))
        list.push({ id: r.id, key: r.key, name: r.name });
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}

/** A scenario template that emulates an ATT&CK group: one step per live technique it uses. */
export class FromGroupService {
  constructor(
    private readonly ctx: AppContext,
    private readonly scenarios: ScenarioTemplatesService,
  ) {}

  async run(audit: AuditContext, body: FromGroupRequest): Promise<FromGroupResult> {
    const actor = requirePermission(audit.actor, body.preview ? 'library.read' : 'library.write');
    const db = this.ctx.db;
    const group = await groupByExternalId(db, LIBRARY_ATTACK_DOMAIN, body.group_id);
    if (!group || group.revoked) throw notFound(`ATT&CK group ${body.group_id}`);
    const [uses, tactics] = await Promise.all([
      usesOfGroup(db, LIBRARY_ATTACK_DOMAIN, group.stixId),
      currentTactics(db, LIBRARY_ATTACK_DOMAIN),
    ]);
    const order = new Map(tactics.map((t) => [t.shortname, t.matrixOrder]));
    const rank = (t: Technique) => Math.min(...t.tactics.map((s) => order.get(s) ?? 999), 999);
    const techniques: Technique[] = [
      ...new Map(
        uses.techniques
          .filter((t) => !t.revoked && !t.deprecated)
          .map((t) => [t.externalId, t] as const),
      ).values(),
    ].sort((a, b) => rank(a) - rank(b) || (a.externalId < b.externalId ? -1 : 1));
    const candidates = await candidatesFor(
      db,
      techniques.map((t) => t.externalId),
    );
    await this.assertChoices(db, body.choices ?? {}, new Set(techniques.map((t) => t.externalId)));
    const plan = techniques.map((t) => {
      const chosen = body.choices?.[t.externalId];
      const found = candidates.get(t.externalId) ?? [];
      const action =
        chosen !== undefined
          ? chosen.length === 0
            ? ('skip' as const)
            : ('reuse' as const)
          : found.length > 0
            ? ('reuse' as const)
            : ('create' as const);
      return { t, found, chosen: chosen ?? found.map((c) => c.id), action };
    });
    const techniquesOut = plan.map((p) => ({
      external_id: p.t.externalId,
      name: p.t.name,
      candidates: p.found,
      action: p.action,
    }));
    const groupOut = { external_id: group.externalId, name: group.name };
    if (body.preview)
      return { group: groupOut, techniques: techniquesOut, scenario: null, created_tests: 0 };

    const now = this.ctx.clock.now();
    const scenarioId = await db.transaction(async (tx) => {
      const toCreate = plan.filter((p) => p.action === 'create');
      const created = await upsertTests(
        tx,
        toCreate.map((p) => ({
          key: `bare:${p.t.externalId.toLowerCase()}`,
          fields: bareFields(p.t),
          meta: { source: 'manual', source_ref: null },
        })),
        accountId(actor),
        now,
      );
      const testIds: string[] = [];
      for (const p of plan) {
        if (p.action === 'skip') continue;
        if (p.action === 'create') testIds.push(created.ids[toCreate.indexOf(p)] as string);
        else testIds.push(...p.chosen);
      }
      const ordered = [...new Set(testIds)];
      const id = newId();
      const name = body.name ?? `${group.name} (${group.externalId}) emulation`;
      const key = generateKey('group', `${group.externalId}-${group.name}`);
      await insertScenarioRow(tx, {
        id,
        key,
        name,
        description: `Techniques ATT&CK attributes to ${group.name} (${group.externalId}), in kill-chain order.`,
        tags: ['threat-group', group.externalId],
        actorId: accountId(actor),
        now,
      });
      await replaceScenarioTests(tx, id, ordered);
      await appendAuditMany(tx, this.ctx.clock, audit, [
        ...created.audit,
        {
          action: 'library.scenario_created',
          targetId: id,
          after: { key, name, group: group.externalId, test_ids: ordered },
        },
      ]);
      return { id, created: created.outcomes.filter((o) => o === 'created').length };
    });
    return {
      group: groupOut,
      techniques: techniquesOut,
      scenario: await this.scenarios.load(db, scenarioId.id),
      created_tests: scenarioId.created,
    };
  }

  private async assertChoices(
    db: DbOrTx,
    choices: Record<string, string[]>,
    used: Set<string>,
  ): Promise<void> {
    for (const id of Object.keys(choices)) {
      if (!used.has(id)) {
        throw validationFailed([
          { path: `body.choices.${id}`, message: 'is not a technique this group uses' },
        ]);
      }
    }
    const ids = [...new Set(Object.values(choices).flat())];
    if (ids.length === 0) return;
    const found = await db
      .select({ id: libraryTests.id })
      .from(libraryTests)
      .where(inArray(libraryTests.id, ids));
    const known = new Set(found.map((r) => r.id));
    const missing = ids.find((id) => !known.has(id));
    if (missing) {
      throw validationFailed([
        { path: 'body.choices', message: `${missing} is not a test template of the library` },
      ]);
    }
  }
}

/** A placeholder for a technique the library has no procedure for (the same for every group). */
function bareFields(t: Technique) {
  return {
    name: `${t.externalId} ${t.name}`,
    description: 'Created bare for a threat-group scenario: write the procedure before running it.',
    objective: `Emulate ${t.externalId} ${t.name}.`,
    procedure_md: null,
    prerequisites_md: null,
    expected_red_md: null,
    expected_blue_md: null,
    opsec_level: 'medium',
    tags: ['bare'],
    expected_iocs: [],
    attack_ids: [t.externalId],
    platforms: t.platforms,
    executor: null,
    input_arguments: [],
    dependencies: [],
    dependency_executor: null,
    detection_refs: [],
    expected_outcomes: [],
  };
}
