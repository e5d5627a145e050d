import { MISSION_ROLE_SIDES, type MissionRole, type Permission } from '@metamorph/contract';
import { forbidden, unauthenticated } from './errors.js';

/** Who is calling: a signed-in user, directly or through one of their API tokens. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  /** Effective global permissions: the user's roles, capped by the token's scopes. */
  permissions: ReadonlySet<Permission>;
  /** `cli`: the operator at the server's shell (metamorph user …), holding every permission. */
  via: 'session' | 'token' | 'cli';
  sessionId: string | null;
  tokenId: string | null;
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

export function hasPermission(actor: Actor | null | undefined, perm: Permission): boolean {
  return actor?.permissions.has(perm) ?? false;
}

/** 401 without an identity, 403 without the permission. */
export function requirePermission(actor: Actor | null | undefined, perm: Permission): Actor {
  const a = requireActor(actor);
  if (!a.permissions.has(perm)) throw forbidden(`This needs the ${perm} permission`);
  return a;
}

export function requireAnyPermission(actor: Actor | null | undefined, perms: Permission[]): Actor {
  const a = requireActor(actor);
  if (!perms.some((p) => a.permissions.has(p))) {
    throw forbidden(`This needs one of the permissions ${perms.join(', ')}`);
  }
  return a;
}

/** A route's `permission` config: one permission, or a list any one of which will do. */
export function requireRoutePermission(
  actor: Actor | null | undefined,
  permission: Permission | readonly Permission[],
): Actor {
  return typeof permission === 'string'
    ? requirePermission(actor, permission)
    : requireAnyPermission(actor, [...permission]);
}

/**
 * The sides an actor may write in one mission: those of their mission role,
 * capped by their global (token-scoped) permissions. `admin.missions` bypasses
 * membership but is still capped by the side permissions.
 */
export function missionSides(
  actor: Actor,
  role: MissionRole | null,
): { red: boolean; blue: boolean } {
  const bypass = actor.permissions.has('admin.missions');
  const base = role ? MISSION_ROLE_SIDES[role] : { red: bypass, blue: bypass };
  return {
    red: (base.red || bypass) && actor.permissions.has('mission.write_red_fields'),
    blue: (base.blue || bypass) && actor.permissions.has('mission.write_blue_fields'),
  };
}

/** The account id to record as author: none for the shell operator (no account) or the system. */
export const accountId = (actor: Actor | null | undefined): string | null =>
  !actor || actor.via === 'cli' ? null : actor.userId;
