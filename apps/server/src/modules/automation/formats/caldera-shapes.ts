import { z } from 'zod';
import { text } from '../facts.js';
import { FileRefused } from './attire.js';

/**
 * The documents MITRE Caldera (v4, v5) gives about an operation, each read into one list of
 * links (docs/automation.md, "Caldera"):
 * - the **operation report** (UI "Download report", `POST /api/v2/operations/{id}/report`):
 *   `{name, start, host_group[agents], steps: {<paw>: {steps[…]}}, …}`, a step being
 *   `{link_id, ability_id, command, plaintext_command, delegated, run, status, pid, name,
 *   attack {tactic, technique_id, technique_name}, output?, agent_reported_time?}`;
 * - the **event logs** (`POST /api/v2/operations/{id}/event-logs`, the file Caldera writes to
 *   its reports directory): `[{command, plaintext_command, delegated_timestamp,
 *   collected_timestamp, finished_timestamp, status, agent_metadata {paw, host, username…},
 *   ability_metadata {ability_id, ability_name}, attack_metadata {…}, output?}]`;
 * - the **operation** itself (`GET /api/v2/operations/{id}`): `{id, name, host_group, chain[links]}`,
 *   a link being `{id, paw, host, command, plaintext_command, status, decide, collect, finish,
 *   cleanup, ability {ability_id, name, technique_id, technique_name, tactic}}`.
 * Caldera 4.0 keeps commands base64-encoded in them; 4.1 and later decode them. Output (only
 * when asked for) is the decoded text (4.0) or `{stdout, stderr, exit_code}` (4.1 and later).
 * A foreign document: keys we do not read are ignored.
 */

export interface CalderaLink {
  linkId: string | null;
  abilityId: string | null;
  abilityName: string | null;
  techniqueId: unknown;
  techniqueName: string | null;
  command: string | null;
  plaintextCommand: string | null;
  status: unknown;
  paw: string | null;
  host: string | null;
  username: string | null;
  ip: string | null;
  decide: unknown;
  collect: unknown;
  finish: unknown;
  reported: unknown;
  output: unknown;
}

const anyRecord = z.record(z.string(), z.unknown());
const Agent = z.looseObject({
  paw: z.unknown().optional(),
  host: z.unknown().optional(),
  username: z.unknown().optional(),
  host_ip_addrs: z.array(z.unknown()).nullish(),
});
type Agent = z.infer<typeof Agent>;
const Attack = z.looseObject({
  technique_id: z.unknown().optional(),
  technique_name: z.unknown().optional(),
});
const ReportStep = z.looseObject({
  link_id: z.unknown().optional(),
  ability_id: z.unknown().optional(),
  name: z.unknown().optional(),
  command: z.unknown().optional(),
  plaintext_command: z.unknown().optional(),
  status: z.unknown().optional(),
  delegated: z.unknown().optional(),
  run: z.unknown().optional(),
  agent_reported_time: z.unknown().optional(),
  attack: Attack.optional(),
  output: z.unknown().optional(),
});
const Report = z.looseObject({
  name: z.unknown().optional(),
  host_group: z.array(Agent).optional(),
  steps: z.record(z.string(), z.looseObject({ steps: z.array(ReportStep) })),
});
const EventLog = z.looseObject({
  command: z.unknown().optional(),
  plaintext_command: z.unknown().optional(),
  delegated_timestamp: z.unknown().optional(),
  collected_timestamp: z.unknown().optional(),
  finished_timestamp: z.unknown().optional(),
  agent_reported_time: z.unknown().optional(),
  status: z.unknown().optional(),
  agent_metadata: Agent.optional(),
  ability_metadata: z
    .looseObject({ ability_id: z.unknown().optional(), ability_name: z.unknown().optional() })
    .optional(),
  attack_metadata: Attack.optional(),
  output: z.unknown().optional(),
});
const ChainLink = z.looseObject({
  id: z.unknown().optional(),
  paw: z.unknown().optional(),
  host: z.unknown().optional(),
  command: z.unknown().optional(),
  plaintext_command: z.unknown().optional(),
  status: z.unknown().optional(),
  decide: z.unknown().optional(),
  collect: z.unknown().optional(),
  finish: z.unknown().optional(),
  agent_reported_time: z.unknown().optional(),
  cleanup: z.unknown().optional(),
  ability: z
    .looseObject({
      ability_id: z.unknown().optional(),
      name: z.unknown().optional(),
      technique_id: z.unknown().optional(),
      technique_name: z.unknown().optional(),
    })
    .optional(),
});
const Operation = z.looseObject({
  name: z.unknown().optional(),
  host_group: z.array(Agent).optional(),
  chain: z.array(ChainLink),
});

export type CalderaShape = 'report' | 'event_logs' | 'operation';

/** Which Caldera document this parsed JSON is, by its keys, or null when it is none. */
export function calderaShape(doc: unknown): CalderaShape | null {
  if (Array.isArray(doc)) {
    const first: unknown = doc[0];
    const rec = anyRecord.safeParse(first);
    return rec.success &&
      ('delegated_timestamp' in rec.data ||
        'attack_metadata' in rec.data ||
        'ability_metadata' in rec.data)
      ? 'event_logs'
      : null;
  }
  const rec = anyRecord.safeParse(doc);
  if (!rec.success) return null;
  const d = rec.data;
  if ('steps' in d && ('host_group' in d || 'skipped_abilities' in d || 'planner' in d)) {
    return 'report';
  }
  if (Array.isArray(d.chain) && ('host_group' in d || 'adversary' in d)) return 'operation';
  return null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The first address of an agent that is not loopback (what identifies the host). */
function agentIp(agent: Agent | undefined): string | null {
  const ips = (agent?.host_ip_addrs ?? []).map(text).filter((x): x is string => x !== null);
  return ips.find((ip) => !/^(127\.|::1$|fe80:)/i.test(ip)) ?? null;
}

function refuse(kind: string, error: z.ZodError): never {
  const issue = error.issues[0]!;
  throw new FileRefused(
    `Not a Caldera ${kind}: ${issue.path.join('.') || 'document'} ${issue.message}`,
  );
}

/** The links of a Caldera document, in the order Caldera lists them. Throws FileRefused. */
export function calderaLinks(shape: CalderaShape, doc: unknown): CalderaLink[] {
  if (shape === 'event_logs') {
    const parsed = z.array(EventLog).safeParse(doc);
    if (!parsed.success) refuse('event log', parsed.error);
    return parsed.data.map((e) => ({
      linkId: null,
      abilityId: text(e.ability_metadata?.ability_id),
      abilityName: text(e.ability_metadata?.ability_name),
      techniqueId: e.attack_metadata?.technique_id,
      techniqueName: text(e.attack_metadata?.technique_name),
      command: str(e.command),
      plaintextCommand: str(e.plaintext_command),
      status: e.status,
      paw: text(e.agent_metadata?.paw),
      host: text(e.agent_metadata?.host),
      username: text(e.agent_metadata?.username),
      ip: agentIp(e.agent_metadata),
      decide: e.delegated_timestamp,
      collect: e.collected_timestamp,
      finish: e.finished_timestamp,
      reported: e.agent_reported_time,
      output: e.output,
    }));
  }
  const agents = (group: Agent[] | undefined) =>
    new Map((group ?? []).map((a) => [text(a.paw) ?? '', a] as const));
  if (shape === 'report') {
    const parsed = Report.safeParse(doc);
    if (!parsed.success) refuse('operation report', parsed.error);
    const byPaw = agents(parsed.data.host_group);
    return Object.entries(parsed.data.steps).flatMap(([paw, { steps }]) =>
      steps.map((s) => {
        const agent = byPaw.get(paw);
        return {
          linkId: text(s.link_id),
          abilityId: text(s.ability_id),
          abilityName: text(s.name),
          techniqueId: s.attack?.technique_id,
          techniqueName: text(s.attack?.technique_name),
          command: str(s.command),
          plaintextCommand: str(s.plaintext_command),
          status: s.status,
          paw,
          host: text(agent?.host),
          username: text(agent?.username),
          ip: agentIp(agent),
          decide: s.delegated,
          collect: null,
          finish: s.run,
          reported: s.agent_reported_time,
          output: s.output,
        };
      }),
    );
  }
  const parsed = Operation.safeParse(doc);
  if (!parsed.success) refuse('operation', parsed.error);
  const byPaw = agents(parsed.data.host_group);
  return parsed.data.chain
    .filter((l) => !(typeof l.cleanup === 'number' && l.cleanup > 0))
    .map((l) => {
      const paw = text(l.paw);
      const agent = byPaw.get(paw ?? '');
      return {
        linkId: text(l.id),
        abilityId: text(l.ability?.ability_id),
        abilityName: text(l.ability?.name),
        techniqueId: l.ability?.technique_id,
        techniqueName: text(l.ability?.technique_name),
        command: str(l.command),
        plaintextCommand: str(l.plaintext_command),
        status: l.status,
        paw,
        host: text(l.host) ?? text(agent?.host),
        username: text(agent?.username),
        ip: agentIp(agent),
        decide: l.decide,
        collect: l.collect,
        finish: l.finish,
        reported: l.agent_reported_time,
        // A chain link's `output` only says whether there is one ("True"/"False").
        output: null,
      };
    });
}
