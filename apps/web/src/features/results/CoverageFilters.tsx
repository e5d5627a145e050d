import { MultiSelect, TagsInput } from '@mantine/core';
import { useMemo } from 'react';
import { useLibraryTests } from '../../api/library';
import { useMissions } from '../../api/missions';
import { useCan } from '../auth/current-user';

/** Comma lists in the URL (`?missions=a,b`), as the coverage API takes them. */
export const splitList = (v: string | null): string[] => (v ? v.split(',').filter(Boolean) : []);

const FALLBACK_PLATFORMS = ['Windows', 'Linux', 'macOS', 'Containers', 'IaaS', 'Network'];

/** Which of the client's missions count (none picked: all of them). */
export function MissionPicker(props: {
  clientId: string | null;
  value: string[];
  onChange: (values: string[]) => void;
}) {
  const { clientId } = props;
  const missions = useMissions(clientId ? { client_id: clientId } : {});
  const options = useMemo(
    () =>
      (missions.data?.pages ?? [])
        .flatMap((p) => p.items)
        .filter((m) => m.client.id === clientId)
        .map((m) => ({ value: m.id, label: m.name })),
    [missions.data, clientId],
  );
  return (
    <MultiSelect
      label="Missions"
      placeholder={props.value.length ? undefined : 'All of the client’s missions'}
      data={options}
      value={props.value}
      onChange={props.onChange}
      disabled={!clientId}
      searchable
      clearable
      w={280}
      data-testid="coverage-missions"
    />
  );
}

/**
 * Which tests count: library tags and platforms. Suggestions come from the library when the
 * caller may browse it; tags can always be typed.
 */
export function LibraryPickers(props: {
  tags: string[];
  platforms: string[];
  onChange: (key: 'tags' | 'platforms', values: string[]) => void;
}) {
  const { onChange } = props;
  const canBrowse = useCan('library.read');
  const library = useLibraryTests({}, canBrowse);
  const facets = library.data?.pages[0]?.facets;
  const platforms = facets?.platforms.map((f) => f.value) ?? FALLBACK_PLATFORMS;
  return (
    <>
      <TagsInput
        label="Library tags"
        placeholder={props.tags.length ? undefined : 'Any tag'}
        data={facets?.tags.map((f) => f.value) ?? []}
        value={props.tags}
        onChange={(v) => onChange('tags', v)}
        clearable
        w={220}
        data-testid="coverage-tags"
      />
      <MultiSelect
        label="Platforms"
        placeholder={props.platforms.length ? undefined : 'Any platform'}
        data={[...new Set([...platforms, ...props.platforms])]}
        value={props.platforms}
        onChange={(v) => onChange('platforms', v)}
        clearable
        w={220}
        data-testid="coverage-platforms"
      />
    </>
  );
}
