import { MultiSelect, TagsInput } from '@mantine/core';
import { useMemo } from 'react';
import { useLibraryTests } from '../../api/library';
import { useMissions } from '../../api/missions';
import { useCan } from '../auth/current-user';

/** Comma lists in the URL (`?missions=a,b`), as the coverage API takes them. */
export const splitList = (v: string | null): string[] => (v ? v.split(',').filter(Boolean) : []);

interface CoverageFiltersProps {
  clientId: string | null;
  missions: string[];
  tags: string[];
  platforms: string[];
  onChange: (key: 'missions' | 'tags' | 'platforms', values: string[]) => void;
}

const FALLBACK_PLATFORMS = ['Windows', 'Linux', 'macOS', 'Containers', 'IaaS', 'Network'];

/**
 * The coverage pickers the date and layer fields do not cover: which of the client's missions,
 * which library tags, which platforms. Suggestions come from the library when the caller may
 * browse it; tags can always be typed.
 */
export function CoverageFilters(props: CoverageFiltersProps) {
  const { clientId, onChange } = props;
  const missions = useMissions(clientId ? { client_id: clientId } : {});
  const canBrowse = useCan('library.read');
  const library = useLibraryTests({}, canBrowse);
  const facets = library.data?.pages[0]?.facets;
  const missionOptions = useMemo(
    () =>
      (missions.data?.pages ?? [])
        .flatMap((p) => p.items)
        .filter((m) => m.client.id === clientId)
        .map((m) => ({ value: m.id, label: m.name })),
    [missions.data, clientId],
  );
  const platforms = facets?.platforms.map((f) => f.value) ?? FALLBACK_PLATFORMS;
  return (
    <>
      <MultiSelect
        label="Missions"
        placeholder={props.missions.length ? undefined : 'All of the client’s missions'}
        data={missionOptions}
        value={props.missions}
        onChange={(v) => onChange('missions', v)}
        disabled={!clientId}
        searchable
        clearable
        w={280}
        data-testid="coverage-missions"
      />
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
