/** Dotted numeric versions (18.1, 17.0.2); undefined for anything else. */
function numericParts(version: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(version)) return undefined;
  return version.split('.').map(Number);
}

export interface Versioned {
  version: string;
  dataModified: Date | null;
}

/**
 * Orders two releases of a domain: by numeric version when both have one, else by the
 * newest `modified` of their objects. Negative when `a` is older than `b`.
 */
export function compareReleases(a: Versioned, b: Versioned): number {
  const pa = numericParts(a.version);
  const pb = numericParts(b.version);
  if (pa && pb) {
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const d = (pa[i] ?? 0) - (pb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  return (a.dataModified?.getTime() ?? 0) - (b.dataModified?.getTime() ?? 0);
}
