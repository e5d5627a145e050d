import { z } from 'zod';
import { IsoDateTime, Uuid } from './api/common.js';

/** What kind of thing an audit event is about. */
export const AuditTargetType = z.enum([
  'user',
  'role',
  'session',
  'api_token',
  'settings',
  'job',
  'system',
  'attack_release',
  'test_template',
  'scenario_template',
  'client',
  'mission',
  'mission_test',
  'evidence',
  'detection_level',
]);
export type AuditTargetType = z.infer<typeof AuditTargetType>;

/**
 * Every audit action code with its target type. Codes are stable: new ones are
 * added, none is renamed. Later issues extend this table.
 */
export const AUDIT_ACTIONS = {
  'system.initial_admin_created': 'user',
  'auth.login_succeeded': 'user',
  'auth.login_failed': 'user',
  'auth.logout': 'session',
  'auth.logout_everywhere': 'user',
  'auth.password_changed': 'user',
  'session.revoked': 'session',
  'user.created': 'user',
  'user.updated': 'user',
  'user.disabled': 'user',
  'user.enabled': 'user',
  'user.password_reset': 'user',
  'user.roles_changed': 'user',
  'role.created': 'role',
  'role.updated': 'role',
  'role.deleted': 'role',
  'api_token.created': 'api_token',
  'api_token.revoked': 'api_token',
  'settings.updated': 'settings',
  'attack.sync_started': 'job',
  'attack.release_imported': 'attack_release',
  'library.test_created': 'test_template',
  'library.test_updated': 'test_template',
  'library.test_deleted': 'test_template',
  'library.test_attack_remapped': 'test_template',
  'library.scenario_created': 'scenario_template',
  'library.scenario_updated': 'scenario_template',
  'library.scenario_deleted': 'scenario_template',
  'library.import_started': 'job',
  'library.imported': 'job',
  'client.created': 'client',
  'client.updated': 'client',
  'client.deleted': 'client',
  'mission.created': 'mission',
  'mission.updated': 'mission',
  'mission.status_changed': 'mission',
  'mission.deleted': 'mission',
  'mission.restored': 'mission',
  'mission.member_added': 'mission',
  'mission.member_changed': 'mission',
  'mission.member_removed': 'mission',
  'mission.scenario_added': 'mission',
  'mission.scenario_changed': 'mission',
  'mission.scenario_removed': 'mission',
  'mission.scenario_restored': 'mission',
  'mission.test_added': 'mission',
  'mission.test_planned': 'mission',
  'mission.test_removed': 'mission',
  'mission.test_restored': 'mission',
  'mission.layer_imported': 'mission',
  'mission.asset_added': 'mission',
  'mission.asset_changed': 'mission',
  'mission.asset_removed': 'mission',
  'test.updated': 'mission_test',
  'test.transitioned': 'mission_test',
  'test.revealed': 'mission_test',
  'evidence.uploaded': 'evidence',
  'evidence.updated': 'evidence',
  'evidence.deleted': 'evidence',
  'detection_level.created': 'detection_level',
  'detection_level.updated': 'detection_level',
  'detection_level.deleted': 'detection_level',
} as const satisfies Record<string, AuditTargetType>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AuditActionSchema = z.enum(
  Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]],
);

/** Changed fields before and after; never secrets or hashes. */
export const AuditDiff = z.record(z.string(), z.unknown()).nullable();

export const AuditEvent = z.object({
  id: Uuid,
  seq: z.number().int(),
  at: IsoDateTime,
  actor_user_id: Uuid.nullable(),
  actor_email: z.string().nullable(),
  actor_token_id: Uuid.nullable(),
  action: AuditActionSchema,
  target_type: AuditTargetType,
  target_id: z.string().nullable(),
  mission_id: Uuid.nullable(),
  before: AuditDiff,
  after: AuditDiff,
  ip: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
  hash: z.string(),
  prev_hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
