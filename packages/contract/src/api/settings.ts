import { z } from 'zod';
import { DETTECT_DEFAULT_SCORES, DettectDetectionScores } from './dettect.js';
import { RedactionPatternList } from './reports.js';

/**
 * Product policy kept in the database and edited by admins. Each key has its own
 * schema and default; later issues add keys here.
 */
export const SettingsShape = {
  'session.idle_timeout_minutes': z
    .number()
    .int()
    .min(5)
    .max(60 * 24 * 30),
  'session.absolute_timeout_hours': z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  'login.max_failures': z.number().int().min(3).max(100),
  'login.failure_window_minutes': z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  'login.lockout_minutes': z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  'login.max_failures_per_ip': z.number().int().min(5).max(10_000),
  'password.min_length': z.number().int().min(12).max(128),
  'mfa.required': z.boolean(),
  'attack.source_url': z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** Largest evidence file, in bytes (1 KiB – 1 GiB). */
  'evidence.max_bytes': z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024),
  /** Allowed evidence file extensions (lower case, no dot); content must match them too. */
  'evidence.allowed_extensions': z
    .array(z.string().regex(/^[a-z0-9]{1,10}$/, 'must be an extension like png, without a dot'))
    .min(1)
    .max(100),
  /** Opsec levels offered for templates and tests, lowest first (slugs). */
  'opsec.levels': z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, 'must be a lowercase slug'))
    .min(1)
    .max(20),
  /** Admin redaction patterns applied to reports beside the built-in ones (docs/reports.md). */
  'reports.redaction_patterns': RedactionPatternList,
  /**
   * Lets outbound HTTP (ATT&CK URL, later webhooks and Caldera) reach private, loopback and
   * link-local addresses: for on-premise targets and tests. Off by default (SSRF guard).
   */
  'outbound.allow_private_targets': z.boolean(),
  /**
   * Detection level key → DeTT&CT detection score (−1…5) used by the DeTT&CT export; a level
   * missing here scores as its `counts_as` default (docs/threat-coverage.md).
   */
  'dettect.detection_scores': DettectDetectionScores,
} as const;

export const Settings = z.object(SettingsShape);
export type Settings = z.infer<typeof Settings>;
export type SettingKey = keyof Settings;

export const SETTINGS_DEFAULTS: Settings = {
  'session.idle_timeout_minutes': 8 * 60,
  'session.absolute_timeout_hours': 7 * 24,
  'login.max_failures': 5,
  'login.failure_window_minutes': 15,
  'login.lockout_minutes': 15,
  'login.max_failures_per_ip': 50,
  'password.min_length': 12,
  'mfa.required': false,
  'attack.source_url':
    'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json',
  'evidence.max_bytes': 25 * 1024 * 1024,
  'evidence.allowed_extensions': [
    'png',
    'jpg',
    'jpeg',
    'gif',
    'webp',
    'txt',
    'log',
    'json',
    'csv',
    'xml',
    'pdf',
    'evtx',
    'pcap',
    'pcapng',
    'zip',
  ],
  'opsec.levels': ['low', 'medium', 'high'],
  'reports.redaction_patterns': [],
  'outbound.allow_private_targets': false,
  'dettect.detection_scores': { ...DETTECT_DEFAULT_SCORES },
};

export const UpdateSettingsRequest = Settings.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;
