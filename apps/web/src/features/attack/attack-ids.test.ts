import { describe, expect, it } from 'vitest';
import {
  domainLabel,
  isGroupId,
  isTechniqueId,
  mitreTechniqueUrl,
  mitreUrlToPath,
  techniquePath,
} from './attack-ids';

describe('ATT&CK ids and paths', () => {
  it('recognises technique and group ids', () => {
    expect(isTechniqueId('T1059')).toBe(true);
    expect(isTechniqueId('T1059.001')).toBe(true);
    expect(isTechniqueId('t1059')).toBe(false);
    expect(isGroupId('G0007')).toBe(true);
    expect(isGroupId('G7')).toBe(false);
  });

  it('builds app and attack.mitre.org links', () => {
    expect(techniquePath('T1059.001')).toBe('/attack/techniques/T1059.001');
    expect(mitreTechniqueUrl('T1059.001')).toBe('https://attack.mitre.org/techniques/T1059/001/');
    expect(domainLabel('ics-attack')).toBe('ICS');
    expect(domainLabel('other')).toBe('other');
  });

  it('maps attack.mitre.org links to in-app pages', () => {
    expect(mitreUrlToPath('https://attack.mitre.org/techniques/T1059')).toBe(
      '/attack/techniques/T1059',
    );
    expect(mitreUrlToPath('https://attack.mitre.org/techniques/T1059/001/')).toBe(
      '/attack/techniques/T1059.001',
    );
    expect(mitreUrlToPath('https://attack.mitre.org/groups/G0007')).toBe('/attack/groups/G0007');
    expect(mitreUrlToPath('https://attack.mitre.org/software/S0002')).toBeNull();
    expect(mitreUrlToPath('https://attack.mitre.org.evil.io/techniques/T1059')).toBeNull();
    expect(mitreUrlToPath('https://attack.mitre.org/groups/T1059')).toBeNull();
    expect(mitreUrlToPath('javascript:alert(1)')).toBeNull();
  });
});
