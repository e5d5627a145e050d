import { EXECUTION_IMPORT_LIMITS, type ExecutionResult } from '@metamorph/contract';
import { capText, emptyFacts, instant, techniqueId, text, type ExecutionFacts } from '../facts.js';
import { calderaLinks, calderaShape, type CalderaLink } from './caldera-shapes.js';

/**
 * MITRE Caldera operations (report, event logs or the operation itself, caldera-shapes.ts) as
 * execution facts: one procedure per link. The red tool is "Caldera".
 */

export { calderaShape as looksLikeCaldera } from './caldera-shapes.js';

/** Caldera's link states (app/objects/secondclass/c_link.py) and what each means here. */
const STATUS: Record<number, { result: ExecutionResult | null; ran: boolean; label: string }> = {
  0: { result: 'succeeded', ran: true, label: 'success' },
  1: { result: 'failed', ran: true, label: 'error' },
  124: { result: 'failed', ran: true, label: 'timeout: the command ran out of time on the agent' },
  [-1]: { result: null, ran: false, label: 'paused' },
  [-2]: { result: null, ran: false, label: 'discarded' },
  [-3]: { result: null, ran: false, label: 'queued or collected, no result yet' },
  [-4]: { result: null, ran: false, label: 'untrusted agent' },
  [-5]: { result: null, ran: false, label: 'refused as too visible' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const strict = new TextDecoder('utf-8', { fatal: true });

/** Caldera 4.0 keeps commands base64-encoded: decoded when it reads as base64 of printable text. */
function decodeCommand(raw: string | null): { value: string | null; decoded: boolean } {
  const s = raw?.trim() ?? '';
  if (!s) return { value: null, decoded: false };
  if (s.length >= 8 && s.length % 4 === 0 && BASE64.test(s)) {
    try {
      const plain = strict.decode(Buffer.from(s, 'base64'));
      // eslint-disable-next-line no-control-regex
      if (plain.trim() && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(plain)) {
        return { value: plain, decoded: true };
      }
    } catch {
      // Not UTF-8 once decoded: a plain command that happens to use base64's alphabet.
    }
  }
  return { value: s, decoded: false };
}

/** Output as Caldera gives it: text (4.0), `{stdout, stderr, exit_code}` (4.1+), or base64 JSON. */
function readOutput(raw: unknown): { output: string | null; exitCode: number | null } {
  let value: unknown = raw;
  if (typeof value === 'string') {
    const decoded = decodeCommand(value);
    if (decoded.decoded && decoded.value?.trimStart().startsWith('{')) {
      try {
        value = JSON.parse(decoded.value) as unknown;
      } catch {
        value = decoded.value;
      }
    }
  }
  if (typeof value === 'string') return { output: text(value) ? value : null, exitCode: null };
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { output: null, exitCode: null };
  }
  const rec = value as Record<string, unknown>;
  const stdout = typeof rec.stdout === 'string' ? rec.stdout : '';
  const stderr = typeof rec.stderr === 'string' ? rec.stderr : '';
  const code = text(rec.exit_code);
  const exitCode = code !== null && /^-?\d+$/.test(code) ? Number(code) : null;
  const err = stderr.trim() !== '';
  const parts = [
    ...(stdout.trim() ? [err ? `[STDOUT]\n${stdout}` : stdout] : []),
    ...(err ? [`[STDERR]\n${stderr}`] : []),
  ];
  return { output: parts.length ? parts.join('\n\n') : null, exitCode };
}

function linkFacts(file: string, index: number, link: CalderaLink): ExecutionFacts {
  const f = emptyFacts('caldera', file, index);
  f.name = link.abilityName;
  f.techniqueId = techniqueId(link.techniqueId);
  const ability = link.abilityId?.toLowerCase() ?? null;
  // Abilities written from an Atomic test under its guid match it; Caldera's Atomic plugin
  // names its abilities by a hash instead (then the technique, or the name, matches).
  if (ability && UUID.test(ability)) f.guid = ability;
  f.host = link.host;
  f.ip = link.ip;
  f.account = link.username;
  f.source = 'Caldera';
  const label = f.name ?? link.abilityId ?? `link ${index}`;
  if (!f.techniqueId) {
    const raw = text(link.techniqueId);
    f.fatal = raw
      ? `Ability ${label}: technique ${JSON.stringify(raw.slice(0, 40))} is not a technique id (T1234 or T1234.001)`
      : `Ability ${label} has no ATT&CK technique id`;
  }
  const status = typeof link.status === 'number' ? link.status : Number(text(link.status));
  const known = Number.isInteger(status) ? STATUS[status] : undefined;
  if (known && !known.ran) {
    f.fatal ??= `Caldera status ${status} (${known.label}): the ability did not run, nothing imported`;
    return f;
  }
  if (known) {
    f.result = known.result;
    if (status === 124) f.notes.push(`Caldera status 124 (${known.label}): recorded as failed`);
  } else {
    f.notes.push(
      `Caldera status ${JSON.stringify(link.status ?? null)} is unknown: no result taken`,
    );
  }
  const plain = decodeCommand(link.plaintextCommand);
  const sent = decodeCommand(link.command);
  const command = plain.value ?? sent.value;
  if (command) {
    const cut = capText(command, EXECUTION_IMPORT_LIMITS.maxCommandChars);
    f.command = cut.value;
    if (cut.cut) f.notes.push('The command was cut to the size a test keeps');
    if (plain.value && sent.value && plain.value !== sent.value) {
      f.notes.push('Caldera obfuscated the command it sent: the plaintext command was kept');
    }
  }
  const out = readOutput(link.output);
  if (out.output) {
    const cut = capText(out.output, EXECUTION_IMPORT_LIMITS.maxOutputChars);
    f.output = cut.value;
    if (cut.cut) f.notes.push('The output was cut to the size a test keeps');
  }
  if (!known && out.exitCode !== null) f.result = out.exitCode === 0 ? 'succeeded' : 'failed';
  const start = instant(link.collect) ?? instant(link.decide);
  const end = instant(link.finish) ?? instant(link.reported);
  if (start && end && end < start) {
    f.notes.push('The link finishes before it starts: no attack window taken');
  } else {
    f.startedAt = start;
    f.endedAt = end;
  }
  f.executedAt = start ?? instant(link.decide);
  return f;
}

/** The procedures of one Caldera document in the order they ran. Throws FileRefused. */
export function parseCaldera(file: string, doc: unknown): ExecutionFacts[] {
  const shape = calderaShape(doc);
  if (!shape) return [];
  const links = calderaLinks(shape, doc)
    .map((link, i) => ({ link, i, t: instant(link.decide)?.getTime() ?? Infinity }))
    .sort((a, b) => a.t - b.t || a.i - b.i);
  return links.map(({ link }, i) => linkFacts(file, i + 1, link));
}
