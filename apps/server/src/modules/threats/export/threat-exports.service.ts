import type { Readable } from 'node:stream';
import type { NextTestsExportQuery, ThreatLayerQuery } from '@metamorph/contract';
import type { AppContext } from '../../../context.js';
import type { AuditContext } from '../../../platform/audit/audit.js';
import { toLevelInfo } from '../../results/index.js';
import { liveTechniques } from '../attack-lookup.repo.js';
import { readableClient } from '../client-access.js';
import type { ThreatCoverageService } from '../coverage.service.js';
import type { NextTestsService } from '../next-tests.service.js';
import { NEXT_TESTS_WRITERS, threatDisposition } from './next-tests-file.js';
import { buildThreatLayer, type ThreatLayer } from './threat-layer.js';

export interface Download<T> {
  body: T;
  contentType: string;
  disposition: string;
}

/** The profile's Navigator layer and next-tests files (same access as coverage). */
export class ThreatExportsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly coverage: ThreatCoverageService,
    private readonly next: NextTestsService,
  ) {}

  async layer(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    q: ThreatLayerQuery,
  ): Promise<Download<ThreatLayer>> {
    const { others, ...judging } = q;
    const b = await this.coverage.basis(audit, clientId, profileId, judging);
    const coverage = await this.coverage.coverageOf(clientId, b, judging);
    const missionName = new Map(b.scope.missions.map((m) => [m.id, m.name]));
    const testNames = new Map(
      b.scope.data.tests.map((t) => [t.id, `${missionName.get(t.missionId) ?? ''} / ${t.name}`]),
    );
    const now = this.ctx.clock.now();
    const body = buildThreatLayer({
      coverage,
      levels: b.scope.levels.map(toLevelInfo),
      testNames,
      catalog: await liveTechniques(this.ctx.db),
      others,
      attackRelease: b.profile.attack_release?.version ?? null,
      exportedAt: now,
    });
    return {
      body,
      contentType: 'application/json; charset=utf-8',
      disposition: threatDisposition(coverage.client.name, b.profile.name, 'layer', now, 'json'),
    };
  }

  async nextTests(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    q: NextTestsExportQuery,
  ): Promise<Download<Readable>> {
    const { format, ...query } = q;
    const next = await this.next.list(audit, clientId, profileId, query);
    const client = await readableClient(this.ctx.db, audit.actor, clientId);
    const now = this.ctx.clock.now();
    const writer = NEXT_TESTS_WRITERS[format];
    return {
      body: writer.stream({ next, client: client.name, exportedAt: now }),
      contentType: writer.contentType,
      disposition: threatDisposition(client.name, next.profile.name, 'next-tests', now, format),
    };
  }
}
