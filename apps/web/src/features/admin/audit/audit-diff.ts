export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  /** Present on one side only, or different on both. */
  change: 'added' | 'removed' | 'changed' | 'same';
}

function has(record: Record<string, unknown> | null, key: string): boolean {
  return record !== null && Object.hasOwn(record, key);
}

/** Stable JSON for comparing and showing values (object keys sorted). */
export function stableJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Every field of `before` and `after`, changed ones first, then alphabetically. */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): DiffRow[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const rows = [...keys].map((field): DiffRow => {
    const inBefore = has(before, field);
    const inAfter = has(after, field);
    const b = inBefore ? before?.[field] : undefined;
    const a = inAfter ? after?.[field] : undefined;
    const change = !inBefore
      ? 'added'
      : !inAfter
        ? 'removed'
        : stableJson(b) === stableJson(a)
          ? 'same'
          : 'changed';
    return { field, before: b, after: a, change };
  });
  const rank = (r: DiffRow) => (r.change === 'same' ? 1 : 0);
  return rows.sort((x, y) => rank(x) - rank(y) || x.field.localeCompare(y.field));
}

/** A value as shown in the diff: strings bare, the rest as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}
