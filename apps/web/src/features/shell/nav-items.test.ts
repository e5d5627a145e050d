import { describe, expect, it } from 'vitest';
import { visibleNav } from './nav-items';
import { initials } from './UserMenu';

describe('visibleNav', () => {
  it('hides admin pages from users without their permission', () => {
    const groups = visibleNav(['library.read']);
    expect(groups.map((g) => g.label)).toEqual(['Workspace', 'MITRE ATT&CK']);
  });

  it('shows each admin page for its own permission only', () => {
    const admin = visibleNav(['audit.read', 'admin.users']).find(
      (g) => g.label === 'Administration',
    );
    expect(admin?.items.map((i) => i.to)).toEqual(['/admin/users', '/admin/audit']);
  });

  it('lists the detection levels page for admin.settings holders', () => {
    const admin = visibleNav(['admin.settings']).find((g) => g.label === 'Administration');
    expect(admin?.items.map((i) => i.to)).toEqual(['/admin/settings', '/admin/detection-levels']);
  });

  it('shows the ATT&CK browser to everyone and its import page to attack.sync only', () => {
    const all = visibleNav([]).find((g) => g.label === 'MITRE ATT&CK');
    expect(all?.items.map((i) => i.to)).toEqual(['/attack', '/attack/groups', '/attack/releases']);
    const admin = visibleNav(['attack.sync']).find((g) => g.label === 'Administration');
    expect(admin?.items.map((i) => i.to)).toEqual(['/admin/attack']);
  });
});

describe('initials', () => {
  it('uses the name, else the email', () => {
    expect(initials('Riley Red', 'r@x.io')).toBe('RR');
    expect(initials('', 'admin@metamorph.local')).toBe('AM');
    expect(initials('Cher', 'c@x.io')).toBe('CH');
  });
});
