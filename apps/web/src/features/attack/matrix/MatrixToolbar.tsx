import { Button, Group, Select, Switch, TextInput } from '@mantine/core';
import type { AttackDomain } from '@metamorph/contract';
import { IconArrowsMaximize, IconArrowsMinimize, IconSearch } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import { domainLabel } from '../attack-ids';

export interface MatrixOptions {
  domain: AttackDomain;
  q: string;
  platform: string | null;
  revoked: boolean;
  deprecated: boolean;
  onlyMatches: boolean;
}

interface MatrixToolbarProps {
  value: MatrixOptions;
  onChange: (patch: Partial<MatrixOptions>) => void;
  /** Domains with an imported release; the select shows only when there are several. */
  domains: AttackDomain[];
  platforms: string[];
  /** Enter in the search box (the page opens the match when there is exactly one). */
  onSubmitSearch: () => void;
}

export function MatrixToolbar({ value, onChange, ...props }: MatrixToolbarProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') props.onSubmitSearch();
    if (event.key === 'Escape') onChange({ q: '' });
  };
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="matrix-toolbar">
      {props.domains.length > 1 && (
        <Select
          label="Domain"
          data={props.domains.map((d) => ({ value: d, label: domainLabel(d) }))}
          value={value.domain}
          onChange={(domain) => domain && onChange({ domain: domain as AttackDomain })}
          allowDeselect={false}
          w={140}
          data-testid="matrix-domain"
        />
      )}
      <TextInput
        label="Search"
        placeholder="T1059, PowerShell…"
        leftSection={<IconSearch size={16} />}
        value={value.q}
        onChange={(e) => onChange({ q: e.currentTarget.value })}
        onKeyDown={onKeyDown}
        w={260}
        aria-label="Search techniques by id or name"
        data-testid="matrix-search"
      />
      <Select
        label="Platform"
        placeholder="All platforms"
        data={props.platforms}
        value={value.platform}
        onChange={(platform) => onChange({ platform })}
        clearable
        searchable
        w={190}
        data-testid="matrix-platform"
      />
      <Group gap="md" pb={6} wrap="wrap">
        <Switch
          label="Only matches"
          checked={value.onlyMatches}
          onChange={(e) => onChange({ onlyMatches: e.currentTarget.checked })}
          disabled={value.q.trim() === ''}
          size="sm"
          data-testid="matrix-only-matches"
        />
        <Switch
          label="Revoked"
          checked={value.revoked}
          onChange={(e) => onChange({ revoked: e.currentTarget.checked })}
          size="sm"
          data-testid="matrix-revoked"
        />
        <Switch
          label="Deprecated"
          checked={value.deprecated}
          onChange={(e) => onChange({ deprecated: e.currentTarget.checked })}
          size="sm"
          data-testid="matrix-deprecated"
        />
      </Group>
    </Group>
  );
}

/** Expand or collapse every cell's sub-techniques. */
export function ExpandButtons({ onExpandAll }: { onExpandAll: (open: boolean) => void }) {
  return (
    <Group gap={4}>
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        leftSection={<IconArrowsMaximize size={13} />}
        onClick={() => onExpandAll(true)}
        data-testid="matrix-expand-all"
      >
        Expand all
      </Button>
      <Button
        size="compact-xs"
        variant="subtle"
        color="gray"
        leftSection={<IconArrowsMinimize size={13} />}
        onClick={() => onExpandAll(false)}
        data-testid="matrix-collapse-all"
      >
        Collapse all
      </Button>
    </Group>
  );
}
