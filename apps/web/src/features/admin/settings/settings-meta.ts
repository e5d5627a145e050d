import { SettingsShape, type SettingKey as AnySettingKey } from '@metamorph/contract';

/**
 * The settings this page edits as plain fields. The report redaction patterns (a list of
 * regular expressions, checked by the server) and the DeTT&CT detection scores (one per
 * detection level) get their own editors.
 */
export type SettingKey = Exclude<
  AnySettingKey,
  'reports.redaction_patterns' | 'dettect.detection_scores'
>;

export interface SettingMeta {
  label: string;
  help: string;
  unit?: string;
  section: string;
  /** Shown and edited in megabytes, stored in bytes. */
  megabytes?: boolean;
  /** A list whose order matters (lowest first). */
  ordered?: boolean;
}

/** How each setting is presented; the type makes a new contract key fail to compile here. */
export const SETTINGS_META: Record<SettingKey, SettingMeta> = {
  'session.idle_timeout_minutes': {
    section: 'Sessions',
    label: 'Idle timeout',
    unit: 'minutes',
    help: 'A session without any request for this long ends; the user signs in again.',
  },
  'session.absolute_timeout_hours': {
    section: 'Sessions',
    label: 'Absolute lifetime',
    unit: 'hours',
    help: 'A session ends this long after sign-in, however active it is.',
  },
  'login.max_failures': {
    section: 'Sign-in protection',
    label: 'Failed attempts before lockout',
    unit: 'attempts',
    help: 'Wrong passwords allowed for one account within the window before sign-in is locked.',
  },
  'login.failure_window_minutes': {
    section: 'Sign-in protection',
    label: 'Counting window',
    unit: 'minutes',
    help: 'How far back failed attempts count towards a lockout.',
  },
  'login.lockout_minutes': {
    section: 'Sign-in protection',
    label: 'Lockout duration',
    unit: 'minutes',
    help: 'How long sign-in stays locked after too many failures.',
  },
  'login.max_failures_per_ip': {
    section: 'Sign-in protection',
    label: 'Failed attempts per IP address',
    unit: 'attempts',
    help: 'Failures from one client address (across all accounts) within the window before that address is locked out. Guards against password spraying.',
  },
  'password.min_length': {
    section: 'Passwords',
    label: 'Minimum password length',
    unit: 'characters',
    help: 'Applies to new passwords. Long passphrases beat complexity rules.',
  },
  'mfa.required': {
    section: 'Passwords',
    label: 'Require a second factor',
    help: 'Every user, you included, must set up an authenticator app before doing anything else. API tokens are not affected.',
  },
  'attack.source_url': {
    section: 'MITRE ATT&CK',
    label: 'ATT&CK bundle URL',
    help: 'Where "Sync from URL" fetches the STIX bundle. Metamorph never downloads it on its own.',
  },
  'evidence.max_bytes': {
    section: 'Evidence policy',
    label: 'Largest evidence file',
    unit: 'MB',
    megabytes: true,
    help: 'Uploads above this size are refused (413); at most 1 GiB (1024 MB).',
  },
  'evidence.allowed_extensions': {
    section: 'Evidence policy',
    label: 'Allowed file types',
    help: 'Extensions accepted for evidence, without the dot (press Enter after each); the file content must match its extension too.',
  },
  'opsec.levels': {
    section: 'Opsec',
    label: 'Opsec levels',
    ordered: true,
    help: 'The opsec levels offered for templates and tests, lowest first. Use the arrows to reorder.',
  },
  'outbound.allow_private_targets': {
    section: 'Outbound connections',
    label: 'Allow private targets',
    help: 'Lets the server fetch URLs on private, loopback and link-local addresses (an on-premise ATT&CK mirror). Off, such URLs are refused to protect the internal network.',
  },
};

export type SettingKind =
  | { type: 'boolean' }
  | { type: 'text' }
  | { type: 'list' }
  | { type: 'number'; min: number | undefined; max: number | undefined; integer: boolean };

/** What input a setting needs, read from its zod schema (so limits never drift from the server). */
export function settingKind(key: SettingKey): SettingKind {
  const schema = SettingsShape[key];
  if (schema.type === 'boolean') return { type: 'boolean' };
  if (schema.type === 'array') return { type: 'list' };
  if (schema.type !== 'number') return { type: 'text' };
  const min = schema.minValue;
  const max = schema.maxValue;
  return {
    type: 'number',
    min: min === null || !Number.isFinite(min) ? undefined : min,
    max: max === null || !Number.isFinite(max) ? undefined : max,
    integer: schema.isInt ?? false,
  };
}

/** The first validation message of `value` for `key`, or null when it is valid. */
export function validateSetting(key: SettingKey, value: unknown): string | null {
  const result = SettingsShape[key].safeParse(value);
  if (result.success) return null;
  const kind = settingKind(key);
  if (kind.type === 'number' && typeof value === 'number' && Number.isFinite(value)) {
    if (kind.min !== undefined && value < kind.min) return `At least ${kind.min}`;
    if (kind.max !== undefined && value > kind.max) return `At most ${kind.max}`;
    if (kind.integer && !Number.isInteger(value)) return 'A whole number';
  }
  if (kind.type === 'number' && typeof value !== 'number') return 'Enter a number';
  return result.error.issues[0]?.message ?? 'Invalid value';
}

export function settingSections(): { section: string; keys: SettingKey[] }[] {
  const sections = new Map<string, SettingKey[]>();
  for (const key of Object.keys(SETTINGS_META) as SettingKey[]) {
    const { section } = SETTINGS_META[key];
    sections.set(section, [...(sections.get(section) ?? []), key]);
  }
  return [...sections].map(([section, keys]) => ({ section, keys }));
}

const MB = 1024 * 1024;

/** Bytes → megabytes for display (two decimals at most). */
export function bytesToMb(bytes: number): number {
  return Math.round((bytes / MB) * 100) / 100;
}

/** Megabytes typed by the user → whole bytes (what the contract stores). */
export function mbToBytes(mb: number): number {
  return Math.round(mb * MB);
}
