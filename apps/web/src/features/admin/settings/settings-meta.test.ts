import { SettingsShape, type SettingKey } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  SETTINGS_META,
  bytesToMb,
  mbToBytes,
  settingKind,
  settingSections,
  validateSetting,
} from './settings-meta';

describe('settings meta', () => {
  it('describes every setting of the contract but the two with own editors, in a section', () => {
    // The report redaction patterns (regular expressions) and the DeTT&CT scores (one per
    // detection level) have their own editors.
    const keys = Object.keys(SettingsShape)
      .filter((k) => k !== 'reports.redaction_patterns' && k !== 'dettect.detection_scores')
      .sort();
    expect(Object.keys(SETTINGS_META).sort()).toEqual(keys);
    expect(
      settingSections()
        .flatMap((s) => s.keys)
        .sort(),
    ).toEqual(keys);
  });

  it('reads input limits from the zod schema', () => {
    expect(settingKind('password.min_length')).toEqual({
      type: 'number',
      min: 12,
      max: 128,
      integer: true,
    });
    expect(settingKind('mfa.required')).toEqual({ type: 'boolean' });
  });

  it('validates with the contract', () => {
    const key: SettingKey = 'login.max_failures';
    expect(validateSetting(key, 5)).toBeNull();
    expect(validateSetting(key, 2)).toBe('At least 3');
    expect(validateSetting(key, 101)).toBe('At most 100');
    expect(validateSetting(key, 4.5)).toBe('A whole number');
    expect(validateSetting(key, '')).toBe('Enter a number');
  });

  it('converts the evidence cap between megabytes and bytes', () => {
    expect(bytesToMb(26_214_400)).toBe(25);
    expect(mbToBytes(25)).toBe(26_214_400);
    expect(mbToBytes(0.5)).toBe(524_288);
    expect(bytesToMb(1_000_000)).toBe(0.95);
    expect(SETTINGS_META['evidence.max_bytes'].megabytes).toBe(true);
  });

  it('checks opsec levels as slugs', () => {
    expect(settingKind('opsec.levels')).toEqual({ type: 'list' });
    expect(validateSetting('opsec.levels', ['low', 'high'])).toBeNull();
    expect(validateSetting('opsec.levels', ['Low level'])).toBe('must be a lowercase slug');
  });
});
