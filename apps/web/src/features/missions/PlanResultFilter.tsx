import { Badge, CloseButton, Group, Text } from '@mantine/core';
import { ResultFilter } from '@metamorph/contract';
import { IconFilter } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { filterQuery, useResultTests } from '../../api/results';

/** URL params of a results filter on the plan tab (`?tab=plan&rf=<filter>&rt=<title>`). */
export function planResultParams(title: string, filter: ResultFilter): Record<string, string> {
  return { tab: 'plan', rf: filterQuery(filter), rt: title };
}

/**
 * The results filter the plan was opened with (a dashboard or heat-map number): the ids of the
 * tests behind it, from the same endpoint that counted them; null when none is applied.
 */
export function usePlanResultFilter(missionId: string) {
  const [params, setParams] = useSearchParams();
  const raw = params.get('rf');
  const filter = useMemo(() => {
    if (raw === null) return null;
    const parsed = ResultFilter.safeParse(Object.fromEntries(new URLSearchParams(raw)));
    return parsed.success ? parsed.data : null;
  }, [raw]);
  const tests = useResultTests(missionId, filter);
  const ids = useMemo(
    () => (tests.data ? new Set(tests.data.items.map((t) => t.id)) : null),
    [tests.data],
  );
  const clear = () => {
    const next = new URLSearchParams(params);
    next.delete('rf');
    next.delete('rt');
    setParams(next, { replace: true });
  };
  return {
    active: filter !== null,
    title: params.get('rt') ?? 'Results filter',
    ids,
    count: tests.data?.items.length ?? null,
    error: tests.error,
    clear,
  };
}

/** The removable chip saying which number the plan is filtered by. */
export function PlanResultChip(props: {
  title: string;
  count: number | null;
  onClear: () => void;
}) {
  return (
    <Group gap={6} data-testid="plan-result-filter">
      <Badge
        size="lg"
        variant="light"
        color="purple"
        tt="none"
        fw={500}
        leftSection={<IconFilter size={14} aria-hidden />}
        rightSection={
          <CloseButton
            size="xs"
            variant="transparent"
            onClick={props.onClear}
            aria-label={`Remove the filter ${props.title}`}
            data-testid="plan-result-filter-clear"
          />
        }
      >
        Filtered: {props.title}
      </Badge>
      {props.count !== null && (
        <Text size="sm" className="mm-muted">
          {props.count} {props.count === 1 ? 'test' : 'tests'}
        </Text>
      )}
    </Group>
  );
}
