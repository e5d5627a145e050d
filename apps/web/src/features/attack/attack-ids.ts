/** Paths and identifiers of the ATT&CK pages. */

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const GROUP_ID = /^G\d{4}$/;

export function isTechniqueId(value: string): boolean {
  return TECHNIQUE_ID.test(value);
}

export function isGroupId(value: string): boolean {
  return GROUP_ID.test(value);
}

export function techniquePath(externalId: string): string {
  return `/attack/techniques/${encodeURIComponent(externalId)}`;
}

export function groupPath(externalId: string): string {
  return `/attack/groups/${encodeURIComponent(externalId)}`;
}

/** attack.mitre.org's page for a technique (T1059.001 → /techniques/T1059/001/). */
export function mitreTechniqueUrl(externalId: string): string {
  return `https://attack.mitre.org/techniques/${externalId.replace('.', '/')}/`;
}

export function mitreGroupUrl(externalId: string): string {
  return `https://attack.mitre.org/groups/${externalId}/`;
}

const MITRE_LINK =
  /^https?:\/\/attack\.mitre\.org\/(techniques|groups)\/([TG]\d{4})(?:\/(\d{3}))?\/?(?:[?#].*)?$/i;

/**
 * The in-app page for a link to attack.mitre.org (technique, sub-technique or group),
 * so links inside ATT&CK descriptions stay in Metamorph; null for any other link.
 */
export function mitreUrlToPath(href: string): string | null {
  const m = MITRE_LINK.exec(href.trim());
  if (!m) return null;
  const [, kind, id, sub] = m;
  if (!kind || !id) return null;
  const upper = id.toUpperCase();
  if (kind.toLowerCase() === 'groups') return upper.startsWith('G') ? groupPath(upper) : null;
  if (!upper.startsWith('T')) return null;
  return techniquePath(sub ? `${upper}.${sub}` : upper);
}

/** "enterprise-attack" → "Enterprise". */
export function domainLabel(domain: string): string {
  const labels: Record<string, string> = {
    'enterprise-attack': 'Enterprise',
    'ics-attack': 'ICS',
    'mobile-attack': 'Mobile',
  };
  return labels[domain] ?? domain;
}
