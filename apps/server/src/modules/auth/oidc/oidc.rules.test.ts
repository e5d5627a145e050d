import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../../env.js';
import { claimValues, mapRoles, nextRoles, profileFrom, safeReturnTo } from './oidc.rules.js';

const MAP: [string, string][] = [
  ['metamorph-admins', 'admin'],
  ['purple', 'purple_lead'],
  ['red', 'red_operator'],
];

describe('OIDC rules', () => {
  it('keeps return_to to same-origin relative paths', () => {
    expect(safeReturnTo('/missions/1?tab=plan#x')).toBe('/missions/1?tab=plan#x');
    for (const bad of [
      undefined,
      '',
      'missions',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/ok\nSet-Cookie: x',
      'javascript:alert(1)',
    ]) {
      expect(safeReturnTo(bad), String(bad)).toBe('/');
    }
  });

  it('reads the role claim as an array, a string list or a nested path', () => {
    expect(claimValues({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ groups: 'a b,c' }, 'groups')).toEqual(['a', 'b', 'c']);
    expect(claimValues({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(claimValues({}, 'groups')).toEqual([]);
  });

  it('maps claim values to role keys and manages only mapped roles', () => {
    expect(mapRoles(['red', 'purple', 'other'], MAP)).toEqual(['purple_lead', 'red_operator']);
    // A role an administrator gave by hand (not in the map) stays.
    expect(nextRoles(['blue_analyst', 'red_operator'], ['purple_lead'], MAP, 'viewer')).toEqual([
      'blue_analyst',
      'purple_lead',
    ]);
    // The default role goes once a mapped role arrives, and comes back when none is left.
    expect(nextRoles(['viewer'], ['admin'], MAP, 'viewer')).toEqual(['admin']);
    expect(nextRoles(['admin'], [], MAP, 'viewer')).toEqual(['viewer']);
    expect(nextRoles([], [], MAP, null)).toBeNull();
  });

  it('trusts email_verified only when it is literally true', () => {
    expect(profileFrom({ sub: 's', email: 'A@B.c', email_verified: 'true' })).toMatchObject({
      email: 'a@b.c',
      emailVerified: false,
    });
    expect(profileFrom({ sub: 's', email: 'a@b.c', email_verified: true }).emailVerified).toBe(
      true,
    );
  });

  it('parses the OIDC environment', () => {
    const env = parseEnv({
      OIDC_ISSUER: 'https://id.example.com/realms/x',
      OIDC_CLIENT_ID: 'metamorph',
      OIDC_ROLE_MAP: 'metamorph-admins=admin, purple = purple_lead',
      OIDC_DEFAULT_ROLE: 'none',
      OIDC_JIT: 'true',
    });
    expect(env.oidc).toMatchObject({
      scopes: 'openid email profile',
      roleClaim: 'groups',
      roleMap: [
        ['metamorph-admins', 'admin'],
        ['purple', 'purple_lead'],
      ],
      defaultRole: null,
      jit: true,
      label: 'SSO',
    });
    expect(parseEnv({}).oidc).toBeUndefined();
    expect(() => parseEnv({ OIDC_ISSUER: 'https://id.example.com' })).toThrow(EnvError);
    expect(() =>
      parseEnv({ OIDC_ISSUER: 'https://i.example', OIDC_CLIENT_ID: 'c', OIDC_ROLE_MAP: 'x' }),
    ).toThrow(/claim-value=role_key/);
    expect(() =>
      parseEnv({ OIDC_ISSUER: 'https://i.example', OIDC_CLIENT_ID: 'c', OIDC_SCOPES: 'email' }),
    ).toThrow(/openid/);
  });
});
