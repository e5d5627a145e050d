import {
  DETTECT_DETECTION_MAX,
  DETTECT_DETECTION_MIN,
  DETTECT_VISIBILITY_MAX,
  DETTECT_VISIBILITY_MIN,
  type DettectClaimTechnique,
  type DettectScoreObject,
  type FieldIssue,
} from '@metamorph/contract';
import type { LoadedYaml } from './dettect-yaml.js';

/** The most problems reported for one file. */
export const DETTECT_MAX_ISSUES = 100;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Path = Array<string | number>;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParsedFile {
  name: string | null;
  techniques: DettectClaimTechnique[];
}

/**
 * A techniques-administration file (version 1.2) as claims, or every problem found (path and
 * line). `today` (YYYY-MM-DD) bounds logbook dates. Technique ids are checked against the
 * catalog by the caller.
 */
export function parseTechniquesAdministration(
  doc: LoadedYaml,
  today: string,
): { ok: true; file: ParsedFile } | { ok: false; errors: FieldIssue[] } {
  const errors: FieldIssue[] = [];
  const issue = (path: Path, message: string) => {
    if (errors.length >= DETTECT_MAX_ISSUES) return;
    const line = doc.lineOf(path);
    const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    errors.push({ path: `content${where}`, message: line ? `${message} (line ${line})` : message });
  };
  const root = doc.value;
  if (!isRecord(root)) {
    return { ok: false, errors: [{ path: 'content', message: 'is not a YAML mapping' }] };
  }
  if (root.file_type !== 'techniques-administration') {
    issue(
      ['file_type'],
      `is ${JSON.stringify(root.file_type ?? null)}; expected techniques-administration`,
    );
  }
  if (String(root.version) !== '1.2') {
    issue(['version'], `is ${JSON.stringify(root.version ?? null)}; only version 1.2 is read`);
  }
  const name = typeof root.name === 'string' ? root.name.slice(0, 200) : null;
  const list = root.techniques;
  if (!Array.isArray(list)) {
    issue(['techniques'], 'must be a list of techniques');
    return { ok: false, errors };
  }
  const seen = new Map<string, number>();
  const techniques: DettectClaimTechnique[] = [];
  list.forEach((t: unknown, i) => {
    const p: Path = ['techniques', i];
    if (!isRecord(t)) return issue(p, 'must be a mapping');
    const id = t.technique_id;
    if (typeof id !== 'string' || !TECHNIQUE_ID.test(id)) {
      return issue(
        [...p, 'technique_id'],
        `is ${JSON.stringify(id ?? null)}; expected an ATT&CK technique id like T1059.001`,
      );
    }
    const dup = seen.get(id);
    if (dup !== undefined)
      issue([...p, 'technique_id'], `${id} is listed twice (also techniques[${dup}])`);
    seen.set(id, i);
    const objects = (kind: 'detection' | 'visibility', min: number, max: number) =>
      scoreObjects(t[kind], [...p, kind], min, max, today, issue);
    techniques.push(
      summarise(
        id,
        typeof t.technique_name === 'string' ? t.technique_name : null,
        objects('detection', DETTECT_DETECTION_MIN, DETTECT_DETECTION_MAX),
        objects('visibility', DETTECT_VISIBILITY_MIN, DETTECT_VISIBILITY_MAX),
      ),
    );
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, file: { name, techniques } };
}

function summarise(
  id: string,
  name: string | null,
  detection: DettectScoreObject[],
  visibility: DettectScoreObject[],
): DettectClaimTechnique {
  const best = (objs: DettectScoreObject[]) =>
    objs
      .filter((o) => o.score !== null)
      .sort((a, b) => b.score! - a.score! || (b.date ?? '').localeCompare(a.date ?? ''))[0] ?? null;
  const d = best(detection);
  return {
    technique_id: id,
    technique_name: name,
    detection,
    visibility,
    detection_score: d?.score ?? null,
    detection_date: d?.date ?? null,
    visibility_score: best(visibility)?.score ?? null,
  };
}

/** A detection or visibility value (one object or a list) with its latest logbook score. */
function scoreObjects(
  raw: unknown,
  path: Path,
  min: number,
  max: number,
  today: string,
  issue: (path: Path, message: string) => void,
): DettectScoreObject[] {
  if (raw === undefined || raw === null) return [];
  const single = isRecord(raw);
  const items: unknown[] = single ? [raw] : Array.isArray(raw) ? raw : [];
  if (!single && !Array.isArray(raw)) issue(path, 'must be a mapping or a list of mappings');
  const out: DettectScoreObject[] = [];
  items.forEach((o, j) => {
    const p = single ? path : [...path, j];
    if (!isRecord(o)) return issue(p, 'must be a mapping');
    const applicable = o.applicable_to;
    if (
      !Array.isArray(applicable) ||
      applicable.length === 0 ||
      !applicable.every((a) => typeof a === 'string' && a.trim() !== '')
    ) {
      issue(
        [...p, 'applicable_to'],
        'must be a non-empty list of names (use [all] for every system)',
      );
    }
    const logbook = o.score_logbook ?? [];
    if (!Array.isArray(logbook)) return issue([...p, 'score_logbook'], 'must be a list');
    let latest: { date: string; score: number } | null = null;
    logbook.forEach((e: unknown, k) => {
      const q = [...p, 'score_logbook', k];
      if (!isRecord(e)) return issue(q, 'must be a mapping');
      const { date, score } = e;
      const okScore =
        typeof score === 'number' && Number.isInteger(score) && score >= min && score <= max;
      if (!okScore)
        issue(
          [...q, 'score'],
          `is ${JSON.stringify(score ?? null)}; expected a whole number from ${min} to ${max}`,
        );
      const okDate =
        typeof date === 'string' &&
        DATE.test(date) &&
        !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
        new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
      if (!okDate)
        issue([...q, 'date'], `is ${JSON.stringify(date ?? null)}; expected a date YYYY-MM-DD`);
      else if (date > today) issue([...q, 'date'], `${date} is in the future`);
      if (e.auto_generated !== undefined && typeof e.auto_generated !== 'boolean') {
        issue([...q, 'auto_generated'], 'must be true or false');
      }
      if (okScore && okDate && (!latest || date >= latest.date)) latest = { date, score };
    });
    const l = latest as { date: string; score: number } | null;
    out.push({
      applicable_to: Array.isArray(applicable)
        ? applicable.filter((a): a is string => typeof a === 'string')
        : [],
      score: l?.score ?? null,
      date: l?.date ?? null,
    });
  });
  return out;
}
