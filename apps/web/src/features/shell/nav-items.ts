import { IconLayoutDashboard } from '@tabler/icons-react';
import type { Icon } from '@tabler/icons-react';

export interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  /** Active only on an exact match (the index route). */
  end?: boolean;
}

/** Main navigation. Only pages that exist are listed here. */
export const navItems: readonly NavItem[] = [
  { to: '/', label: 'Overview', icon: IconLayoutDashboard, end: true },
];
