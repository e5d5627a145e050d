import type { AuditEntry } from '../../platform/audit/audit.js';
import type { MissionWrite } from '../../kernel/mission-write.js';

/**
 * A change to a mission's plan, members, assets or settings: tells live viewers
 * (`plan.changed`: clients refetch the plan; streams re-check membership and visibility) and
 * queues the audit row, which `missionWrite` appends last.
 */
export async function planChanged(w: MissionWrite, entry: AuditEntry): Promise<void> {
  await w.change('plan.changed');
  w.audit(entry);
}
