import { EXECUTION_IMPORT_LIMITS } from '@metamorph/contract';
import { z } from 'zod';
import { capText, emptyFacts, instant, techniqueId, text, type ExecutionFacts } from '../facts.js';

/**
 * ATTiRe ("ATT&CK Technique Result", version 1.x) as Invoke-AtomicRedTeam's
 * Attire-ExecutionLogger writes it and VECTR reads it. A foreign document: keys we do not use
 * are ignored (later 1.x writers add some); the shapes we use are checked.
 */

const Output = z.looseObject({
  content: z.unknown().optional(),
  level: z.unknown().optional(),
  type: z.unknown().optional(),
});
const Step = z.looseObject({
  order: z.unknown().optional(),
  'time-start': z.unknown().optional(),
  'time-stop': z.unknown().optional(),
  executor: z.unknown().optional(),
  command: z.unknown().optional(),
  output: z.array(Output).optional(),
});
const Procedure = z.looseObject({
  'mitre-technique-id': z.unknown().optional(),
  'procedure-name': z.unknown().optional(),
  'procedure-id': z
    .looseObject({ type: z.unknown().optional(), id: z.unknown().optional() })
    .optional(),
  'procedure-description': z.unknown().optional(),
  order: z.unknown().optional(),
  steps: z.array(Step).optional(),
});
const Attire = z.looseObject({
  'attire-version': z.union([z.string(), z.number()]),
  'execution-data': z
    .looseObject({
      'execution-source': z.unknown().optional(),
      'execution-id': z.unknown().optional(),
      'execution-command': z.unknown().optional(),
      target: z
        .looseObject({
          user: z.unknown().optional(),
          host: z.unknown().optional(),
          ip: z.unknown().optional(),
          path: z.unknown().optional(),
        })
        .optional(),
      'time-generated': z.unknown().optional(),
    })
    .optional(),
  procedures: z.array(Procedure),
});

/** A whole-file refusal (the caller records it on the file and goes on with the next). */
export class FileRefused extends Error {}

/** Is this parsed JSON an ATTiRe document (it names its version)? */
export const looksLikeAttire = (doc: unknown): boolean =>
  typeof doc === 'object' && doc !== null && 'attire-version' in doc;

const order = (v: unknown, fallback: number) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** stdout first, then stderr, each labelled; other levels after them under their own label. */
function joinOutput(steps: z.infer<typeof Step>[]): string | null {
  const byLevel = new Map<string, string[]>();
  for (const step of steps) {
    for (const o of step.output ?? []) {
      const content = typeof o.content === 'string' ? o.content : null;
      if (!content) continue;
      const level = (text(o.level) ?? 'STDOUT').toUpperCase();
      byLevel.set(level, [...(byLevel.get(level) ?? []), content]);
    }
  }
  const levels = [...byLevel.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const parts = levels.map((l) => `[${l}]\n${byLevel.get(l)!.join('\n')}`);
  return parts.length ? parts.join('\n\n') : null;
}
const rank = (level: string) => (level === 'STDOUT' ? 0 : level === 'STDERR' ? 1 : 2);

function procedureFacts(
  file: string,
  index: number,
  p: z.infer<typeof Procedure>,
  shared: Pick<ExecutionFacts, 'account' | 'host' | 'ip' | 'source'>,
  generated: Date | null,
): ExecutionFacts {
  const facts: ExecutionFacts = { ...emptyFacts('attire', file, index), ...shared };
  facts.name = text(p['procedure-name']);
  const rawTechnique = p['mitre-technique-id'];
  facts.techniqueId = techniqueId(rawTechnique);
  const pid = p['procedure-id'];
  const guid = text(pid?.id)?.toLowerCase() ?? null;
  if (guid && (text(pid?.type)?.toLowerCase() ?? 'guid') === 'guid') facts.guid = guid;
  if (!facts.techniqueId) {
    facts.fatal =
      rawTechnique === undefined || text(rawTechnique) === null
        ? 'The procedure has no mitre-technique-id'
        : `The procedure's mitre-technique-id ${JSON.stringify(String(rawTechnique).slice(0, 40))} is not a technique id (T1234 or T1234.001)`;
  }
  const steps = [...(p.steps ?? [])]
    .map((s, i) => ({ s, o: order(s.order, i) }))
    .sort((a, b) => a.o - b.o)
    .map((x) => x.s);
  const commands = steps.map((s) => text(s.command)).filter((c): c is string => c !== null);
  if (commands.length) {
    const cut = capText(commands.join('\n'), EXECUTION_IMPORT_LIMITS.maxCommandChars);
    facts.command = cut.value;
    if (cut.cut) facts.notes.push('The command was cut to the size a test keeps');
  }
  const output = joinOutput(steps);
  if (output) {
    const cut = capText(output, EXECUTION_IMPORT_LIMITS.maxOutputChars);
    facts.output = cut.value;
    if (cut.cut) facts.notes.push('The output was cut to the size a test keeps');
  }
  const starts = steps.map((s) => instant(s['time-start']));
  const stops = steps.map((s) => instant(s['time-stop']));
  const outOfOrder = steps.some(
    (_, i) => starts[i] && stops[i] && stops[i]!.getTime() < starts[i]!.getTime(),
  );
  const known = (ds: (Date | null)[]) =>
    ds.filter((d): d is Date => d !== null).map((d) => d.getTime());
  if (outOfOrder) {
    facts.notes.push(
      'A step stops before it starts: the attack window was not taken from this log',
    );
  } else {
    const s = known(starts);
    const e = known(stops);
    if (s.length) facts.startedAt = new Date(Math.min(...s));
    if (e.length) facts.endedAt = new Date(Math.max(...e));
    if (facts.startedAt && facts.endedAt && facts.endedAt < facts.startedAt) {
      facts.notes.push('The last step stops before the first starts: no attack window taken');
      facts.startedAt = null;
      facts.endedAt = null;
    }
  }
  facts.executedAt = facts.startedAt ?? generated;
  return facts;
}

/** The procedures of one ATTiRe document, in file order. Throws FileRefused for the whole file. */
export function parseAttire(file: string, doc: unknown): ExecutionFacts[] {
  const version = (doc as Record<string, unknown>)['attire-version'];
  const major =
    typeof version === 'number' ? Math.trunc(version) : Number(String(version).split('.')[0]);
  if (major !== 1) {
    throw new FileRefused(
      `ATTiRe version ${JSON.stringify(String(version).slice(0, 20))} is not supported (only 1.x)`,
    );
  }
  const parsed = Attire.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FileRefused(
      `Not an ATTiRe 1.x document: ${issue.path.join('.') || 'document'} ${issue.message}`,
    );
  }
  const data = parsed.data['execution-data'];
  const shared = {
    account: text(data?.target?.user),
    host: text(data?.target?.host),
    ip: text(data?.target?.ip),
    source: text(data?.['execution-source']),
  };
  const generated = instant(data?.['time-generated']);
  const procedures = parsed.data.procedures
    .map((p, i) => ({ p, i, o: order(p.order, i) }))
    .sort((a, b) => a.o - b.o || a.i - b.i);
  return procedures.map(({ p, i }) => procedureFacts(file, i + 1, p, shared, generated));
}
