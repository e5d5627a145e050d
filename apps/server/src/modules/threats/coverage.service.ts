import type {
  ResultLevelInfo,
  ThreatCoverage,
  ThreatCoverageQuery,
  ThreatProfile,
} from '@metamorph/contract';
import type { AppContext } from '../../context.js';
import type { AuditContext } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/authz.js';
import { validationFailed } from '../../platform/errors.js';
import { currentTactics } from '../attack/index.js';
import {
  clientCoverageScope,
  testFacts,
  toLevelInfo,
  type CoverageInput,
  type TestFacts,
} from '../results/index.js';
import { THREAT_DOMAIN } from './attack-lookup.repo.js';
import type { ThreatProfilesService } from './profiles.service.js';
import {
  importance,
  judgeTechniques,
  scoreOf,
  type Judged,
  type ProfileTech,
} from './threat-score.js';

export interface ThreatBasis {
  profile: ThreatProfile;
  techs: ProfileTech[];
  scope: CoverageInput;
  facts: TestFacts[];
  minLevel: ResultLevelInfo | null;
}

/** Threat coverage of a client's profile from the client's missions (results read model). */
export class ThreatCoverageService {
  constructor(
    private readonly ctx: AppContext,
    private readonly profiles: ThreatProfilesService,
  ) {}

  /** 404 unless the client is readable and the profile is one of its. */
  async profileExists(audit: AuditContext, clientId: string, profileId: string): Promise<void> {
    await this.profiles.get(audit, clientId, profileId);
  }

  /** The caller's view of the client's missions and tests, and the detection bar. */
  async clientBasis(
    audit: AuditContext,
    clientId: string,
    q: Pick<ThreatCoverageQuery, 'rule' | 'basis' | 'min_level'>,
  ): Promise<Omit<ThreatBasis, 'profile' | 'techs'>> {
    const scope = await clientCoverageScope(this.ctx, requireActor(audit.actor), {
      client_id: clientId,
      all_clients: 'false',
      rule: q.rule,
      basis: q.basis,
    });
    const levels = scope.levels.map(toLevelInfo);
    let minLevel: ResultLevelInfo | null;
    if (q.min_level !== undefined) {
      minLevel = levels.find((l) => l.key === q.min_level) ?? null;
      if (!minLevel) {
        throw validationFailed([
          {
            path: 'query.min_level',
            message: `is not a detection level key (${levels.map((l) => l.key).join(', ')})`,
          },
        ]);
      }
    } else {
      minLevel =
        [...levels]
          .sort((a, b) => a.rank - b.rank)
          .find((l) => l.counts_as === 'alerted' || l.counts_as === 'prevented') ?? null;
    }
    return { scope, facts: testFacts(scope.data, q.basis), minLevel };
  }

  /** The profile, the caller's view of the client's missions and tests, and the bar. */
  async basis(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    q: ThreatCoverageQuery,
  ): Promise<ThreatBasis> {
    const profile = await this.profiles.get(audit, clientId, profileId);
    const rest = await this.clientBasis(audit, clientId, q);
    const techs: ProfileTech[] = profile.techniques.map((t) => ({
      techniqueId: t.technique_id,
      name: t.name,
      tactics: t.tactics,
      weight: t.weight,
      groups: t.groups,
    }));
    return { profile, techs, ...rest };
  }

  /**
   * Techniques judged on a basis, as the coverage judges them: over the missions in
   * `missionIds` (all by default) and the facts `keep` accepts (all by default).
   */
  judge(
    b: Pick<ThreatBasis, 'scope' | 'facts' | 'minLevel'>,
    q: Pick<ThreatCoverageQuery, 'rule' | 'basis'>,
    techs: readonly ProfileTech[],
    opts: { missionIds?: ReadonlySet<string>; keep?: (f: TestFacts) => boolean } = {},
  ): Map<string, Judged> {
    const order = b.scope.missions.map((m) => m.id);
    const ids = opts.missionIds ?? new Set(order);
    const keep = opts.keep ?? (() => true);
    return judgeTechniques(
      techs,
      b.facts.filter((f) => ids.has(f.row.missionId) && keep(f)),
      q.rule,
      q.basis,
      order.filter((id) => ids.has(id)),
      b.minLevel?.rank ?? null,
    );
  }

  async coverage(
    audit: AuditContext,
    clientId: string,
    profileId: string,
    q: ThreatCoverageQuery,
  ): Promise<ThreatCoverage> {
    return this.coverageOf(clientId, await this.basis(audit, clientId, profileId, q), q);
  }

  /** The coverage of an already loaded basis (the layer export reads both). */
  async coverageOf(
    clientId: string,
    b: ThreatBasis,
    q: ThreatCoverageQuery,
  ): Promise<ThreatCoverage> {
    const { techs, scope } = b;
    const judgeWith = (missionIds: ReadonlySet<string>) => this.judge(b, q, techs, { missionIds });
    const judged = judgeWith(new Set(scope.missions.map((m) => m.id)));
    const overall = scoreOf(techs, judged);
    const tactics = await currentTactics(this.ctx.db, THREAT_DOMAIN);
    const used = new Set(techs.flatMap((t) => t.tactics));
    const byTactic = [
      ...tactics.filter((t) => used.has(t.shortname)).map((t) => [t.shortname, t.name] as const),
      ...[...used]
        .filter((s) => !tactics.some((t) => t.shortname === s))
        .sort()
        .map((s) => [s, null] as const),
    ].map(([shortname, name]) => ({
      tactic: shortname,
      name,
      ...scoreOf(
        techs.filter((t) => t.tactics.includes(shortname)),
        judged,
      ),
    }));
    const dates = [...new Set(scope.missions.map((m) => m.date))];
    const trend = dates.map((date) => {
      const upTo = new Set(scope.missions.filter((m) => m.date <= date).map((m) => m.id));
      const alone = scope.missions.filter((m) => m.date === date).map((m) => m.id);
      const asOf = scoreOf(techs, judgeWith(upTo));
      const only = scoreOf(techs, judgeWith(new Set(alone)));
      return {
        date,
        mission_ids: alone,
        score: asOf.score,
        inputs: asOf.inputs,
        alone_score: only.score,
        alone_inputs: only.inputs,
      };
    });
    return {
      client: { id: clientId, name: scope.client?.name ?? '' },
      profile: { id: b.profile.id, name: b.profile.name, version: b.profile.version },
      rule: q.rule,
      basis: q.basis,
      min_level: b.minLevel,
      score: overall.score,
      inputs: overall.inputs,
      by_tactic: byTactic,
      techniques: techs.map((t) => {
        const j = judged.get(t.techniqueId)!;
        return {
          technique_id: t.techniqueId,
          name: t.name,
          tactics: t.tactics,
          weight: t.weight,
          groups: t.groups,
          importance: importance(t),
          status: j.status,
          level: j.level,
          tests: j.tests,
          mission_ids: j.missionIds,
          last_tested_at: j.lastTestedAt,
        };
      }),
      missions: scope.missions.map((m) => ({ id: m.id, name: m.name, date: m.date })),
      trend,
    };
  }
}
