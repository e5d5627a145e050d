import { Autocomplete, Select, SimpleGrid, Stack } from '@mantine/core';
import type { AssetKind, MissionAsset } from '@metamorph/contract';
import type { RedZoneField } from './draft-model';
import type { Display } from './execution-model';
import { FieldConflict, SectionLabel } from './ZoneFrame';
import { ZoneMarkdown } from './ZoneFields';
import type { Zone } from './use-zone';

const RESULTS = [
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'stopped_by_control', label: 'Stopped by a control' },
];
const CLEANUP = [
  { value: 'yes', label: 'Cleaned up' },
  { value: 'no', label: 'Not cleaned up' },
];

function assetOptions(assets: readonly MissionAsset[], kind: AssetKind) {
  return assets.filter((a) => a.kind === kind).map((a) => ({ value: a.id, label: a.name }));
}

/** Where and how the test ran: assets of the mission, result, cleanup and artefacts. */
export function RedContext({
  zone,
  assets,
  disabled,
  display,
}: {
  zone: Zone<RedZoneField>;
  assets: readonly MissionAsset[];
  disabled: boolean;
  display: Display;
}) {
  const select = (f: RedZoneField, label: string, kind: AssetKind) => {
    const data = assetOptions(assets, kind);
    const v = zone.value(f);
    return (
      <div>
        <Select
          size="xs"
          label={label}
          data={data}
          value={typeof v === 'string' ? v : null}
          onChange={(x) => zone.set(f, x)}
          clearable={!disabled}
          searchable
          readOnly={disabled}
          placeholder={data.length ? 'Choose…' : 'No asset of this kind'}
          nothingFoundMessage="No match"
          data-testid={`red-${f}`}
        />
        <FieldConflict
          value={zone.conflictOf(f)}
          display={display(f, zone.conflictOf(f) ?? null)}
        />
      </div>
    );
  };
  const cleanup = zone.value('cleanup_done');
  return (
    <Stack gap={6}>
      <SectionLabel>Context</SectionLabel>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" verticalSpacing="xs">
        {select('source_asset_id', 'Source', 'source')}
        {select('target_asset_id', 'Target', 'target')}
        <Autocomplete
          size="xs"
          label="Account used"
          data={assets.filter((a) => a.kind === 'account').map((a) => a.name)}
          value={zone.text('account_used')}
          onChange={(x) => zone.set('account_used', x)}
          readOnly={disabled}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="red-account_used"
        />
        {select('red_tool_id', 'Red tool', 'red_tool')}
        <Select
          size="xs"
          label="Execution result"
          data={RESULTS}
          value={
            typeof zone.value('execution_result') === 'string'
              ? (zone.value('execution_result') as string)
              : null
          }
          onChange={(x) => zone.set('execution_result', x)}
          clearable={!disabled}
          readOnly={disabled}
          data-testid="red-execution_result"
        />
        <Select
          size="xs"
          label="Cleanup"
          data={CLEANUP}
          value={cleanup === null ? null : cleanup ? 'yes' : 'no'}
          onChange={(x) => zone.set('cleanup_done', x === null ? null : x === 'yes')}
          clearable={!disabled}
          readOnly={disabled}
          data-testid="red-cleanup_done"
        />
      </SimpleGrid>
      <ZoneMarkdown
        zone={zone}
        field="artefacts_md"
        label="Artefacts left behind"
        disabled={disabled}
        display={display}
        minRows={2}
        placeholder="Files, accounts, scheduled tasks… still on the target"
        testId="red-artefacts_md"
      />
    </Stack>
  );
}
