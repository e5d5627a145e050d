import { useCallback, useEffect, useRef } from 'react';
import { useSearchParams, type NavigateOptions } from 'react-router';

/**
 * URL search params for filter bars, with updates that build on the latest change rather than
 * on the params of the last render: a facet click followed at once by typing (before React
 * re-renders) must not bring the clicked-away filter back.
 */
export function useFilterParams(): [
  URLSearchParams,
  (change: (current: URLSearchParams) => URLSearchParams, opts?: NavigateOptions) => void,
] {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const update = useCallback(
    (change: (current: URLSearchParams) => URLSearchParams, opts?: NavigateOptions) => {
      const next = change(new URLSearchParams(latest.current));
      latest.current = next;
      setParams(next, opts);
    },
    [setParams],
  );
  return [params, update];
}
