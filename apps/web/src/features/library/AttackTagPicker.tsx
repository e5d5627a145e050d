import {
  Anchor,
  Badge,
  Combobox,
  Group,
  Loader,
  Pill,
  PillsInput,
  Stack,
  Text,
  Tooltip,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { AttackTag } from '@metamorph/contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useAttackMatrix } from '../../api/attack';
import { useTechniqueSearch } from '../../api/library';
import { attackKind, parseAttackId, tagColor, tagTooltip } from './attack-tags';

type TagInfo = Pick<AttackTag, 'external_id' | 'name' | 'status' | 'revoked_by'>;

interface AttackTagPickerProps {
  value: readonly string[];
  onChange: (ids: string[]) => void;
  /** The tags as the API resolved them (names and statuses of the ids already set). */
  known: readonly AttackTag[];
  error?: string | undefined;
}

/**
 * ATT&CK tags: search the catalog by id or name (techniques from the API, tactics from the
 * matrix); an id the catalog does not know can still be kept when typed exactly.
 */
export function AttackTagPicker({ value, onChange, known, error }: AttackTagPickerProps) {
  const [info, setInfo] = useState<Record<string, TagInfo>>(() =>
    Object.fromEntries(known.map((t) => [t.external_id, t])),
  );
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const techniques = useTechniqueSearch(debounced);
  const matrix = useAttackMatrix({
    domain: 'enterprise-attack',
    includeRevoked: false,
    includeDeprecated: false,
  });
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const options = useMemo(() => {
    const q = debounced.trim().toLowerCase();
    if (!q) return [];
    const found: TagInfo[] = [];
    for (const t of matrix.data?.tactics ?? []) {
      if (t.external_id.toLowerCase().startsWith(q) || t.name.toLowerCase().includes(q))
        found.push({ external_id: t.external_id, name: t.name, status: 'ok', revoked_by: null });
    }
    for (const t of techniques.data?.items ?? []) {
      found.push({
        external_id: t.external_id,
        name: t.name,
        status: t.revoked ? 'revoked' : t.deprecated ? 'deprecated' : 'ok',
        revoked_by: null,
      });
    }
    const typed = parseAttackId(debounced);
    if (typed && !found.some((o) => o.external_id === typed))
      found.push({ external_id: typed, name: null, status: 'unknown', revoked_by: null });
    return found.filter((o) => !value.includes(o.external_id)).slice(0, 30);
  }, [debounced, matrix.data, techniques.data, value]);

  const optionIds = options.map((o) => o.external_id).join(',');
  useEffect(() => {
    // Enter picks the best match.
    if (optionIds) combobox.selectFirstOption();
    // The store is a new object each render: only a new option list re-selects.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [optionIds]);

  const add = (id: string) => {
    const option = options.find((o) => o.external_id === id);
    if (option) setInfo((prev) => ({ ...prev, [id]: option }));
    if (!value.includes(id)) onChange([...value, id]);
    setSearch('');
  };
  const remove = (id: string) => onChange(value.filter((v) => v !== id));
  const replace = (id: string, by: string) =>
    onChange(
      value.includes(by) ? value.filter((v) => v !== id) : value.map((v) => (v === id ? by : v)),
    );

  const current = value.map(
    (id) => info[id] ?? { external_id: id, name: null, status: 'ok' as const, revoked_by: null },
  );
  const warnings = current.filter((t) => t.status !== 'ok');

  return (
    <Stack gap={6}>
      <Combobox store={combobox} onOptionSubmit={add} withinPortal>
        <Combobox.DropdownTarget>
          <PillsInput
            label="ATT&CK tags"
            description="Search by id (T1059, TA0002) or name. An id the catalog does not know is kept when typed exactly."
            error={error}
            onClick={() => combobox.openDropdown()}
            rightSection={techniques.isFetching ? <Loader size={14} /> : undefined}
            data-testid="attack-picker"
          >
            <Pill.Group>
              {current.map((t) => (
                <Tooltip
                  key={t.external_id}
                  label={tagTooltip(t)}
                  disabled={!t.name && t.status === 'ok'}
                >
                  <Pill
                    withRemoveButton
                    onRemove={() => remove(t.external_id)}
                    removeButtonProps={{ 'aria-label': `Remove ${t.external_id}` }}
                    data-testid="picker-tag"
                    data-tag={t.external_id}
                    data-status={t.status}
                    bg={
                      t.status === 'ok'
                        ? undefined
                        : `var(--mantine-color-${tagColor(t.status)}-light)`
                    }
                  >
                    <Text span ff="monospace" fz="xs" fw={600}>
                      {t.external_id}
                    </Text>
                    {t.name && (
                      <Text span fz="xs" c="dimmed" ml={6}>
                        {t.name}
                      </Text>
                    )}
                  </Pill>
                </Tooltip>
              ))}
              <Combobox.EventsTarget>
                <PillsInput.Field
                  value={search}
                  placeholder={value.length === 0 ? 'T1059, PowerShell, TA0002…' : 'Add a tag…'}
                  aria-label="Search ATT&CK techniques and tactics"
                  onFocus={() => combobox.openDropdown()}
                  onBlur={() => combobox.closeDropdown()}
                  onChange={(e) => {
                    combobox.openDropdown();
                    setSearch(e.currentTarget.value);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Backspace' && search === '' && value.length > 0) {
                      e.preventDefault();
                      remove(value[value.length - 1] ?? '');
                    }
                  }}
                  data-testid="attack-picker-input"
                />
              </Combobox.EventsTarget>
            </Pill.Group>
          </PillsInput>
        </Combobox.DropdownTarget>
        <Combobox.Dropdown hidden={!debounced.trim()}>
          <Combobox.Options
            mah={320}
            style={{ overflowY: 'auto' }}
            data-testid="attack-picker-options"
          >
            {options.length === 0 ? (
              <Combobox.Empty>
                {techniques.isFetching
                  ? 'Searching…'
                  : 'Nothing matches: type a full id (T1234.001) to keep it anyway'}
              </Combobox.Empty>
            ) : (
              options.map((o) => (
                <Combobox.Option
                  key={o.external_id}
                  value={o.external_id}
                  data-testid="attack-picker-option"
                  data-tag={o.external_id}
                >
                  <Group gap={8} wrap="nowrap">
                    <Text ff="monospace" fz="xs" fw={600} w={72} style={{ flex: 'none' }}>
                      {o.external_id}
                    </Text>
                    <Text size="sm" truncate="end" c={o.name ? undefined : 'yellow'}>
                      {o.name ?? 'Not in the catalog: keep as typed'}
                    </Text>
                    <Badge
                      size="xs"
                      variant="light"
                      color={o.status === 'ok' ? 'gray' : tagColor(o.status)}
                      ml="auto"
                      style={{ flex: 'none' }}
                    >
                      {o.status === 'ok' ? attackKind(o.external_id) : o.status}
                    </Badge>
                  </Group>
                </Combobox.Option>
              ))
            )}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      {warnings.map((t) => (
        <Group key={t.external_id} gap={6} wrap="nowrap" data-testid="picker-warning">
          <IconAlertTriangle
            size={14}
            color={`var(--mantine-color-${tagColor(t.status)}-5)`}
            style={{ flex: 'none' }}
          />
          <Text size="xs" c="dimmed">
            <Text span ff="monospace" fz="xs" fw={600}>
              {t.external_id}
            </Text>
            :{' '}
            {t.status === 'unknown'
              ? 'not in the current ATT&CK catalog; kept as typed, the template will be flagged for review.'
              : tagTooltip(t)}
            {t.revoked_by && (
              <>
                {' '}
                <Anchor
                  component="button"
                  type="button"
                  fz="xs"
                  onClick={() => replace(t.external_id, t.revoked_by ?? '')}
                >
                  Replace with {t.revoked_by}
                </Anchor>
              </>
            )}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
