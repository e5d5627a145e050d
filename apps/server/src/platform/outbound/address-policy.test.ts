import { describe, expect, it } from 'vitest';
import { literalAddress, refusalReason } from './address-policy.js';
import { urlProblem } from './guard.js';

const REFUSED: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['fec0::1', 'private'],
  ['169.254.169.254', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fd00::1', 'unique-local'],
  ['fc00::1', 'unique-local'],
  ['fd00:ec2::254', 'unique-local'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['255.255.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['198.18.0.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  // IPv6 forms carrying a refused IPv4 address.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:10.1.2.3', 'private'],
  ['::127.0.0.1', 'loopback'],
  ['64:ff9b::169.254.169.254', 'link-local'],
  ['2002:c0a8:0101::1', 'private'],
  ['2002:7f00:1::', 'loopback'],
  ['not-an-address', 'reserved'],
];

const ALLOWED = [
  '8.8.8.8',
  '1.1.1.1',
  '140.82.112.3',
  '172.15.255.255',
  '172.32.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '169.253.255.255',
  '2606:4700:4700::1111',
  '2a00:1450:4001:82b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::8.8.8.8',
  '2002:0808:0808::1',
];

describe('outbound address policy', () => {
  it.each(REFUSED)('refuses %s (%s)', (ip, reason) => {
    expect(refusalReason(ip)).toBe(reason);
  });

  it.each(ALLOWED)('allows the public address %s', (ip) => {
    expect(refusalReason(ip)).toBeNull();
  });

  // Every way of writing a refused IPv4 address in a URL reaches the same verdict.
  const spellings = (a: number, b: number, c: number, d: number): string[] => {
    const n = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
    const hex = (x: number) => `0x${x.toString(16)}`;
    const oct = (x: number) => `0${x.toString(8)}`;
    const w = (x: number, y: number) => ((x << 8) + y).toString(16);
    return [
      `${a}.${b}.${c}.${d}`,
      String(n),
      hex(n),
      [a, b, c, d].map(hex).join('.'),
      [a, b, c, d].map(oct).join('.'),
      `${a}.${(b << 16) + (c << 8) + d}`,
      `${a}.${b}.${(c << 8) + d}`,
      `[::ffff:${a}.${b}.${c}.${d}]`,
      `[::ffff:${w(a, b)}:${w(c, d)}]`,
      `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    ];
  };
  const SAMPLES: [number, number, number, number][] = [
    [127, 0, 0, 1],
    [127, 1, 2, 3],
    [10, 20, 30, 40],
    [169, 254, 169, 254],
    [172, 20, 0, 5],
    [192, 168, 0, 1],
    [100, 100, 1, 1],
    [0, 0, 0, 0],
    [224, 1, 1, 1],
  ];
  it('refuses a private IPv4 address in every URL spelling (decimal, hex, octal, mapped)', () => {
    let seen = 0;
    for (const [a, b, c, d] of SAMPLES) {
      const expected = refusalReason(`${a}.${b}.${c}.${d}`);
      expect(expected).not.toBeNull();
      for (const host of spellings(a, b, c, d)) {
        const url = new URL(`http://${host}:8080/enterprise.json`);
        const literal = literalAddress(url.hostname);
        expect(literal, host).toBeDefined();
        expect(refusalReason(literal ?? ''), host).toBe(expected);
        expect(urlProblem(url, { allowPrivate: false }), host).toMatch(/address/);
        expect(urlProblem(url, { allowPrivate: true }), host).toBeNull();
        seen++;
      }
    }
    expect(seen).toBe(SAMPLES.length * 10);
  });

  it('checks random public and private addresses against the ranges (seeded sweep)', () => {
    let x = 0x2545f491;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    const PRIVATE = [
      [0x0a000000, 8],
      [0x7f000000, 8],
      [0xa9fe0000, 16],
      [0xac100000, 12],
      [0xc0a80000, 16],
      [0x64400000, 10],
      [0xe0000000, 4],
      [0xf0000000, 4],
      [0x00000000, 8],
    ] as const;
    for (let i = 0; i < 5000; i++) {
      const n = next();
      const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
      const inPrivate = PRIVATE.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
      if (inPrivate) expect(refusalReason(ip), ip).not.toBeNull();
      // Mapped into IPv6 it gets the same verdict as the IPv4 address itself.
      expect(refusalReason(`::ffff:${ip}`), ip).toBe(refusalReason(ip));
    }
  });

  it('refuses other schemes, credentials and localhost names from the URL alone', () => {
    const problem = (u: string) => urlProblem(new URL(u), { allowPrivate: false });
    expect(problem('file:///etc/passwd')).toMatch(/file URLs are refused/);
    expect(problem('gopher://example.com/')).toMatch(/only http and https/);
    expect(problem('http://user:pw@example.com/')).toMatch(/credentials/);
    expect(problem('http://localhost:8080/')).toMatch(/loopback/);
    expect(problem('http://LOCALHOST./')).toMatch(/loopback/);
    expect(problem('http://api.localhost/')).toMatch(/loopback/);
    expect(problem('http://169.254.169.254/latest/meta-data/')).toMatch(
      /169\.254\.169\.254 is a link-local address/,
    );
    expect(problem('https://raw.githubusercontent.com/x.json')).toBeNull();
    expect(problem('http://[2606:4700:4700::1111]/')).toBeNull();
    // The override opens private targets, never other schemes.
    expect(urlProblem(new URL('file:///etc/passwd'), { allowPrivate: true })).toMatch(/refused/);
  });
});
