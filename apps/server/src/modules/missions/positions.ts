import { validationFailed } from '../../platform/errors.js';

/** The ids with `id` moved to 0-based `position`; 422 naming `path` when out of range. */
export function moveTo(
  ids: readonly string[],
  id: string,
  position: number,
  path: string,
): string[] {
  const rest = ids.filter((x) => x !== id);
  if (position > rest.length) {
    throw validationFailed([{ path, message: `must be between 0 and ${rest.length}` }]);
  }
  return [...rest.slice(0, position), id, ...rest.slice(position)];
}
