import { z } from 'zod';

/** Every global permission, with what it allows. Dotted strings are the wire format. */
export const PERMISSION_CATALOGUE = {
  'admin.users': 'Create, edit, disable users and reset their passwords',
  'admin.roles': 'Create and edit roles and assign them to users',
  'admin.settings': 'Change product settings (policies, detection levels, sources)',
  'admin.missions': 'See and manage every mission, member or not (admin bypass)',
  'audit.read': 'Read and verify the audit log',
  'attack.sync': 'Import MITRE ATT&CK releases',
  'library.read': 'Browse the scenario and test library',
  'library.write': 'Create, edit and import library templates',
  'mission.create': 'Create missions',
  'mission.manage': 'Manage missions where one is lead: members, scenarios, status',
  'mission.write_red_fields': 'Write red-side fields of tests in missions with a red role',
  'mission.write_blue_fields': 'Write blue-side fields of tests in missions with a blue role',
  'report.export': 'Export reports, layers and archives of visible missions',
} as const;

export type Permission = keyof typeof PERMISSION_CATALOGUE;
export const PERMISSIONS = Object.keys(PERMISSION_CATALOGUE) as [Permission, ...Permission[]];
export const PermissionSchema = z.enum(PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_CATALOGUE, value);
}

export interface DefaultRole {
  key: string;
  name: string;
  description: string;
  permissions: Permission[];
}

/** Seeded on first start; admins may edit them (except Admin, which keeps every permission). */
export const DEFAULT_ROLES: DefaultRole[] = [
  {
    key: 'admin',
    name: 'Admin',
    description: 'Full control of the instance',
    permissions: [...PERMISSIONS],
  },
  {
    key: 'purple_lead',
    name: 'Purple lead',
    description: 'Plans missions, manages the library and hands out reports',
    permissions: [
      'attack.sync',
      'library.read',
      'library.write',
      'mission.create',
      'mission.manage',
      'mission.write_red_fields',
      'mission.write_blue_fields',
      'report.export',
    ],
  },
  {
    key: 'red_operator',
    name: 'Red operator',
    description: 'Executes attack tests and records what was run',
    permissions: ['library.read', 'mission.write_red_fields'],
  },
  {
    key: 'blue_analyst',
    name: 'Blue analyst',
    description: 'Records what the defences saw',
    permissions: ['library.read', 'mission.write_blue_fields'],
  },
  {
    key: 'viewer',
    name: 'Viewer',
    description: 'Reads missions they are members of',
    permissions: ['library.read'],
  },
];

/** A user's role inside one mission. */
export const MissionRole = z.enum(['lead', 'red', 'blue', 'purple', 'viewer']);
export type MissionRole = z.infer<typeof MissionRole>;

/** The sides a mission role may write, before the global permissions cap them. */
export const MISSION_ROLE_SIDES: Record<MissionRole, { red: boolean; blue: boolean }> = {
  lead: { red: true, blue: true },
  purple: { red: true, blue: true },
  red: { red: true, blue: false },
  blue: { red: false, blue: true },
  viewer: { red: false, blue: false },
};
