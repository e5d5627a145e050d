import { createReadStream } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAuditContext } from '../../cli/app-context.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { attackTactics, attackTechniques } from '../../db/schema/index.js';
import { hashFile } from '../../platform/blob/types.js';
import { existingImport, importRelease } from './import/import.service.js';
import { parseAttackBundle } from './stix/parse.js';
import { sharedBundle } from './test-helpers.js';

const file = sharedBundle();
if (!file)
  console.log(
    'skipping the real ATT&CK bundle test: ../shared/data/attack/enterprise-attack.json is absent',
  );

describe.runIf(file)('ATT&CK import of the real Enterprise bundle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const snapshot = async () => ({
    tactics: await t.ctx.db.select().from(attackTactics).orderBy(asc(attackTactics.matrixOrder)),
    techniques: await t.ctx.db
      .select()
      .from(attackTechniques)
      .orderBy(asc(attackTechniques.stixId)),
  });

  it(
    'holds what the file holds, and a second import changes nothing',
    { timeout: 120_000 },
    async () => {
      const path = file as string;
      const { sha256 } = await hashFile(path);
      const bundle = await parseAttackBundle(createReadStream(path));
      const first = await importRelease(t.ctx, bundle, {
        sha256,
        source: path,
        audit: cliAuditContext(),
      });
      expect(first.changed).toBe(true);
      expect(first.release).toMatchObject({
        domain: 'enterprise-attack',
        version: '18.1',
        current: true,
      });
      const { tactics, techniques } = await snapshot();
      expect(tactics.map((x) => x.shortname)).toEqual([
        'reconnaissance',
        'resource-development',
        'initial-access',
        'execution',
        'persistence',
        'privilege-escalation',
        'defense-evasion',
        'credential-access',
        'discovery',
        'lateral-movement',
        'collection',
        'command-and-control',
        'exfiltration',
        'impact',
      ]);
      const active = techniques.filter((x) => !x.revoked && !x.deprecated);
      expect(active.filter((x) => !x.isSubtechnique)).toHaveLength(216);
      expect(active.filter((x) => x.isSubtechnique)).toHaveLength(475);
      expect(techniques.filter((x) => x.revoked)).toHaveLength(132);
      expect(techniques.filter((x) => x.deprecated)).toHaveLength(12);
      const rows = await t.ctx.db
        .select()
        .from(attackTechniques)
        .where(eq(attackTechniques.externalId, 'T1059.001'));
      expect(rows[0]).toMatchObject({ parentExternalId: 'T1059', isSubtechnique: true });

      const before = await snapshot();
      expect(await existingImport(t.ctx, sha256)).toMatchObject({ changed: false });
      const again = await importRelease(t.ctx, bundle, {
        sha256,
        source: path,
        audit: cliAuditContext(),
      });
      expect(again.changed).toBe(false);
      expect(await snapshot()).toEqual(before);
    },
  );
});
