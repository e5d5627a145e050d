import type { Permission } from '@metamorph/contract';
import {
  IconBuilding,
  IconDatabaseImport,
  IconGitCompare,
  IconGridDots,
  IconHistory,
  IconLayoutDashboard,
  IconLibrary,
  IconSettings,
  IconStairsUp,
  IconTarget,
  IconUserCircle,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
  IconChartDots,
  IconShieldHalf,
} from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';

export interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  /** Active only on an exact match (the index route). */
  end?: boolean;
  /** Listed only for users holding this permission. */
  permission?: Permission;
}

export interface NavGroup {
  label: string;
  items: readonly NavItem[];
}

/** Main navigation. Only pages that exist are listed here. */
export const navGroups: readonly NavGroup[] = [
  {
    label: 'Workspace',
    items: [
      { to: '/', label: 'Overview', icon: IconLayoutDashboard, end: true },
      { to: '/missions', label: 'Missions', icon: IconTarget },
      { to: '/coverage', label: 'Coverage', icon: IconChartDots },
      { to: '/threats', label: 'Threats', icon: IconShieldHalf },
      { to: '/clients', label: 'Clients', icon: IconBuilding, permission: 'mission.create' },
      { to: '/library', label: 'Library', icon: IconLibrary, permission: 'library.read' },
      { to: '/account', label: 'My account', icon: IconUserCircle },
    ],
  },
  {
    label: 'MITRE ATT&CK',
    items: [
      { to: '/attack', label: 'Matrix', icon: IconGridDots, end: true },
      { to: '/attack/groups', label: 'Groups', icon: IconUsersGroup },
      { to: '/attack/releases', label: 'Releases', icon: IconGitCompare },
    ],
  },
  {
    label: 'Administration',
    items: [
      { to: '/admin/users', label: 'Users', icon: IconUsers, permission: 'admin.users' },
      { to: '/admin/roles', label: 'Roles', icon: IconUserShield, permission: 'admin.roles' },
      {
        to: '/admin/settings',
        label: 'Settings',
        icon: IconSettings,
        permission: 'admin.settings',
      },
      {
        to: '/admin/detection-levels',
        label: 'Detection levels',
        icon: IconStairsUp,
        permission: 'admin.settings',
      },
      {
        to: '/admin/attack',
        label: 'ATT&CK import',
        icon: IconDatabaseImport,
        permission: 'attack.sync',
      },
      { to: '/admin/audit', label: 'Audit log', icon: IconHistory, permission: 'audit.read' },
    ],
  },
];

/** The groups and items `permissions` may see; empty groups are dropped. */
export function visibleNav(permissions: readonly string[]): NavGroup[] {
  return navGroups
    .map((group) => ({
      ...group,
      items: group.items.filter((i) => !i.permission || permissions.includes(i.permission)),
    }))
    .filter((group) => group.items.length > 0);
}
