import {
  DETTECT_DEFAULT_SCORES,
  type DettectExportQuery,
  type ResultLevelInfo,
} from '@metamorph/contract';
import { stringify } from 'yaml';
import type { AppContext } from '../../../context.js';
import type { AuditContext } from '../../../platform/audit/audit.js';
import { contentDisposition } from '../../../platform/http/content-disposition.js';
import { asciiSlug, unicodeSlug, type TestFacts } from '../../results/index.js';
import type { ThreatCoverageService } from '../coverage.service.js';
import type { ProfileTech } from '../threat-score.js';

export const DETTECT_CONTENT_TYPE = 'application/yaml; charset=utf-8';
const OUTCOME = new Set(['none', 'logged', 'alerted', 'prevented']);
const BY_CLASS: Record<ResultLevelInfo['counts_as'], number> = {
  none: DETTECT_DEFAULT_SCORES.not_detected!,
  logged: DETTECT_DEFAULT_SCORES.logged!,
  alerted: DETTECT_DEFAULT_SCORES.alerted!,
  prevented: DETTECT_DEFAULT_SCORES.prevented!,
};

/** A level's DeTT&CT detection score: the setting by key, else its class's default. */
export const detectionScore = (level: ResultLevelInfo, mapping: Record<string, number>): number =>
  mapping[level.key] ?? BY_CLASS[level.counts_as];

const techniquesOf = (f: TestFacts) =>
  f.row.attack.filter((a) => a.kind !== 'tactic').map((a) => a.externalId);

/**
 * The client's tested coverage as a DeTT&CT techniques-administration file (version 1.2):
 * every technique with an outcome, one detection object per test platform (tests without a
 * platform, or a client without any, count under `all`), a logbook entry per mission result
 * (the judged level of the mission, dated by its latest test, naming the tests).
 */
export async function dettectExport(
  ctx: AppContext,
  coverage: ThreatCoverageService,
  audit: AuditContext,
  clientId: string,
  q: DettectExportQuery,
): Promise<{ body: string; contentType: string; disposition: string }> {
  const b = await coverage.clientBasis(audit, clientId, q);
  const mapping = (await ctx.settings.get())['dettect.detection_scores'];
  const tested = b.facts.filter((f) => OUTCOME.has(f.cls));
  const names = new Map<string, string>();
  for (const f of tested) {
    for (const a of f.row.attack) {
      if (a.kind !== 'tactic' && !names.has(a.externalId)) names.set(a.externalId, a.name ?? '');
    }
  }
  const platformsOf = (f: TestFacts) => (f.row.platforms.length > 0 ? f.row.platforms : ['all']);
  const platforms = [...new Set(tested.flatMap(platformsOf))].sort();
  const ids = [...names.keys()].sort();
  const techs: ProfileTech[] = ids.map((id) => ({
    techniqueId: id,
    name: names.get(id) ?? id,
    tactics: [],
    weight: 1,
    groups: [],
  }));
  const missions = [...b.scope.missions].reverse(); // newest first in each logbook
  const perPlatform = platforms.map((p) => {
    const keep = (f: TestFacts) => platformsOf(f).includes(p);
    const byMission = missions.map((m) => ({
      m,
      judged: coverage.judge(b, q, techs, { missionIds: new Set([m.id]), keep }),
      facts: tested.filter((f) => f.row.missionId === m.id && keep(f)),
    }));
    return { p, byMission };
  });
  const techniques = ids.flatMap((id) => {
    const detection = perPlatform.flatMap(({ p, byMission }) => {
      const logbook = byMission.flatMap(({ m, judged, facts }) => {
        const j = judged.get(id);
        if (!j?.level) return [];
        const tests = facts.filter((f) => techniquesOf(f).includes(id)).map((f) => f.row.name);
        return [
          {
            date: (j.lastTestedAt ?? m.date).slice(0, 10),
            score: detectionScore(j.level, mapping),
            comment: `Metamorph mission "${m.name}": ${j.level.label} — tests: ${[...new Set(tests)].join('; ')}`,
          },
        ];
      });
      if (logbook.length === 0) return [];
      return [{ applicable_to: [p], location: [], comment: '', score_logbook: logbook }];
    });
    if (detection.length === 0) return [];
    return [
      {
        technique_id: id,
        technique_name: names.get(id) ?? '',
        detection,
        visibility: detection.map((d) => ({
          applicable_to: d.applicable_to,
          comment: 'Not assessed by Metamorph',
          score_logbook: [],
        })),
      },
    ];
  });
  const client = b.scope.client?.name ?? 'client';
  const now = ctx.clock.now();
  const file = {
    version: 1.2,
    file_type: 'techniques-administration',
    name: `${client} — tested coverage (Metamorph)`,
    domain: 'enterprise-attack',
    platform: platforms.length === 0 || platforms.includes('all') ? ['all'] : platforms,
    techniques,
  };
  const day = now.toISOString().slice(0, 10);
  const fileName = (slug: (s: string) => string) => `metamorph-${slug(client)}-dettect-${day}.yaml`;
  return {
    body: stringify(file, { lineWidth: 0, aliasDuplicateObjects: false }),
    contentType: DETTECT_CONTENT_TYPE,
    disposition: contentDisposition('attachment', fileName(unicodeSlug), {
      ascii: fileName(asciiSlug),
    }),
  };
}
