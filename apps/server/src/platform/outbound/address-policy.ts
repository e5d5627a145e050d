import { isIP } from 'node:net';

/**
 * Which addresses outbound HTTP may reach. A public unicast address is allowed; everything an
 * attacker could use to reach the server's own network is refused with a reason: loopback,
 * private (RFC 1918, site-local), link-local (incl. the 169.254.169.254 cloud metadata address),
 * unique-local, CGNAT, multicast, unspecified, reserved / documentation ranges, and IPv6 forms
 * that carry such an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4).
 */
export type RefusalReason =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

interface Range {
  bytes: number[];
  bits: number;
  reason: RefusalReason;
}

const v4 = (cidr: string, reason: RefusalReason): Range => {
  const [ip = '', bits = '32'] = cidr.split('/');
  return { bytes: ip.split('.').map(Number), bits: Number(bits), reason };
};

const V4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'),
  v4('192.88.99.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'reserved'),
  v4('203.0.113.0/24', 'reserved'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const v6 = (prefix: number[], bits: number, reason: RefusalReason): Range => ({
  bytes: prefix,
  bits,
  reason,
});

const V6_RANGES: Range[] = [
  v6([0xfc], 7, 'unique-local'),
  v6([0xfe, 0x80], 10, 'link-local'),
  v6([0xfe, 0xc0], 10, 'private'),
  v6([0xff], 8, 'multicast'),
  v6([0x01, 0, 0, 0, 0, 0, 0, 0], 64, 'reserved'),
  v6([0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'),
  v6([0x20, 0x01, 0, 0], 32, 'reserved'),
];

function inRange(bytes: number[], range: Range): boolean {
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    return undefined;
  }
  return parts.map(Number);
}

/** 16 bytes of an IPv6 address in any textual form (`::`, an IPv4 tail, a zone id). */
export function parseV6(text: string): number[] | undefined {
  const ip = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(ip) !== 6) return undefined;
  let head = ip;
  let tail: number[] = [];
  const lastColon = ip.lastIndexOf(':');
  if (ip.includes('.', lastColon)) {
    const quad = parseV4(ip.slice(lastColon + 1));
    if (!quad) return undefined;
    tail = quad;
    head = `${ip.slice(0, lastColon + 1)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const words = [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function v4Refusal(bytes: number[]): RefusalReason | null {
  return V4_RANGES.find((r) => inRange(bytes, r))?.reason ?? null;
}

function v6Refusal(bytes: number[]): RefusalReason | null {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && bytes[15] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 inside.
  const mapped = zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = zeros(0, 12);
  const nat64 =
    bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12);
  if (mapped || compatible || nat64)
    return v4Refusal(bytes.slice(12)) ?? (compatible ? 'reserved' : null);
  // 2002:aabb:ccdd::/48 (6to4) routes to the IPv4 address aa.bb.cc.dd.
  if (bytes[0] === 0x20 && bytes[1] === 0x02) {
    const inner = v4Refusal(bytes.slice(2, 6));
    if (inner) return inner;
  }
  return V6_RANGES.find((r) => inRange(bytes, r))?.reason ?? null;
}

/**
 * Why outbound HTTP must not connect to `ip` (a literal IPv4 or IPv6 address, brackets and zone
 * allowed), or null when it is a public address. Anything that is not an address is refused.
 */
export function refusalReason(ip: string): RefusalReason | null {
  const quad = parseV4(ip);
  if (quad) return v4Refusal(quad);
  const bytes = parseV6(ip);
  if (bytes) return v6Refusal(bytes);
  return 'reserved';
}

/** The literal address in a URL host (WHATWG-normalised: decimal/hex/octal IPv4 → dotted). */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : undefined;
}
