import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { AUDIT_ACTIONS, AuditTargetType, type AuditAction } from '@metamorph/contract';
import { IconFilter, IconX } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { AuditFilters as Filters } from '../../../api/audit';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const actionGroups = Object.entries(
  (Object.keys(AUDIT_ACTIONS) as AuditAction[]).reduce<Record<string, string[]>>((acc, a) => {
    const group = a.split('.')[0] ?? a;
    (acc[group] ??= []).push(a);
    return acc;
  }, {}),
).map(([group, items]) => ({ group, items }));

/** ISO → the value of a `datetime-local` input, in local time. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

interface AuditFiltersProps {
  value: Filters;
  onApply: (filters: Filters) => void;
}

/** Action, actor, target and time range; applied together with the button (or Enter). */
export function AuditFilters({ value, onApply }: AuditFiltersProps) {
  const [draft, setDraft] = useState(() => ({
    ...value,
    from: toLocalInput(value.from),
    to: toLocalInput(value.to),
  }));
  useEffect(
    () => setDraft({ ...value, from: toLocalInput(value.from), to: toLocalInput(value.to) }),
    [value],
  );
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const actorError = draft.actor && !UUID_RE.test(draft.actor.trim()) ? 'A user id (UUID)' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (actorError) return;
    onApply({
      action: draft.action || undefined,
      actor: draft.actor?.trim() || undefined,
      target_type: draft.target_type || undefined,
      target_id: draft.target_id?.trim() || undefined,
      from: fromLocalInput(draft.from ?? ''),
      to: fromLocalInput(draft.to ?? ''),
    });
  };
  const active = Object.values(value).some(Boolean);

  return (
    <form onSubmit={submit} data-testid="audit-filters" aria-label="Audit filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="sm">
        <Select
          label="Action"
          placeholder="Any action"
          data={actionGroups}
          value={draft.action ?? null}
          onChange={(v) => set({ action: v ?? undefined })}
          searchable
          clearable
          data-testid="audit-filter-action"
        />
        <TextInput
          label="Actor (user id)"
          placeholder="Any actor"
          value={draft.actor ?? ''}
          onChange={(e) => set({ actor: e.currentTarget.value })}
          error={actorError}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Group grow gap="sm" align="flex-start">
          <Select
            label="Target type"
            placeholder="Any"
            data={AuditTargetType.options}
            value={draft.target_type ?? null}
            onChange={(v) => set({ target_type: v ?? undefined })}
            clearable
          />
          <TextInput
            label="Target id"
            placeholder="Any"
            value={draft.target_id ?? ''}
            onChange={(e) => set({ target_id: e.currentTarget.value })}
          />
        </Group>
        <TextInput
          label="From"
          type="datetime-local"
          value={draft.from ?? ''}
          onChange={(e) => set({ from: e.currentTarget.value })}
        />
        <TextInput
          label="To"
          type="datetime-local"
          value={draft.to ?? ''}
          onChange={(e) => set({ to: e.currentTarget.value })}
        />
        <Group gap="sm" align="flex-end">
          <Button type="submit" leftSection={<IconFilter size={16} />} data-testid="audit-apply">
            Apply filters
          </Button>
          <Button
            variant="subtle"
            color="gray"
            leftSection={<IconX size={16} />}
            disabled={!active}
            onClick={() => onApply({})}
          >
            Clear
          </Button>
        </Group>
      </SimpleGrid>
    </form>
  );
}
