import type { QueueItem, QueueSectionKey } from '@metamorph/contract';
import { formatDuration } from '../../lib/format';
import { plannedDay } from '../missions/plan-model';

/** Each queue section's heading and what an empty one says. */
export const QUEUE_SECTION_META: Record<
  QueueSectionKey,
  { title: string; side: 'red' | 'blue' | 'lead'; empty: string }
> = {
  red_due: { title: 'To run today', side: 'red', empty: 'No test assigned to you is due.' },
  blue_review: {
    title: 'Awaiting your review',
    side: 'blue',
    empty: 'No executed test is waiting for blue.',
  },
  lead_blocked: { title: 'Blocked — could not run', side: 'lead', empty: 'Nothing is blocked.' },
  lead_overdue: { title: 'Past their planned day', side: 'lead', empty: 'Nothing is late.' },
  lead_overridden: {
    title: 'Reviewed with an override',
    side: 'lead',
    empty: 'No outcome overrides the tools’ results.',
  },
};

/** The one-line fact under an item: how late, how long it waited, why it is blocked. */
export function queueItemNote(key: QueueSectionKey, item: QueueItem, today: string): string {
  switch (key) {
    case 'blue_review':
      return item.waiting_seconds === null
        ? 'executed'
        : `executed ${formatDuration(item.waiting_seconds)} ago`;
    case 'lead_blocked':
      return item.state_reason ? `blocked: ${item.state_reason}` : 'blocked';
    case 'lead_overridden':
      return 'outcome set against the tools’ results';
    default:
      if (!item.planned_on) return 'no planned day';
      return item.planned_on < today
        ? `overdue since ${plannedDay(item.planned_on)}`
        : 'planned for today';
  }
}
