import type { AttackTag } from '@metamorph/contract';

const ATTACK_ID = /^(TA\d{4}|T\d{4}(\.\d{3})?)$/;

/** " t1059.001 " → "T1059.001" when it is an ATT&CK tactic or technique id, else null. */
export function parseAttackId(input: string): string | null {
  const id = input.trim().toUpperCase();
  return ATTACK_ID.test(id) ? id : null;
}

/** The tactic/technique kind an id denotes. */
export function attackKind(id: string): AttackTag['kind'] {
  if (id.startsWith('TA')) return 'tactic';
  return id.includes('.') ? 'subtechnique' : 'technique';
}

/** Badge colour of a tag's status: warnings for anything but ok. */
export function tagColor(status: AttackTag['status']): string {
  switch (status) {
    case 'ok':
      return 'purple';
    case 'revoked':
      return 'red';
    case 'deprecated':
      return 'orange';
    case 'unknown':
      return 'yellow';
  }
}

/** What a tag's tooltip says: its name, and why it needs a look. */
export function tagTooltip(tag: Pick<AttackTag, 'name' | 'status' | 'revoked_by'>): string {
  const name = tag.name ?? 'Not in the current ATT&CK catalog';
  switch (tag.status) {
    case 'ok':
      return name;
    case 'revoked':
      return tag.revoked_by ? `${name}: revoked → ${tag.revoked_by}` : `${name}: revoked by MITRE`;
    case 'deprecated':
      return `${name}: deprecated by MITRE`;
    case 'unknown':
      return 'Unknown id: not in the current ATT&CK catalog';
  }
}

/** Ids sorted tactics first, then techniques in id order (sub-techniques after their parent). */
export function sortAttackIds(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => {
    const ta = a.startsWith('TA') ? 0 : 1;
    const tb = b.startsWith('TA') ? 0 : 1;
    return ta - tb || a.localeCompare(b);
  });
}
