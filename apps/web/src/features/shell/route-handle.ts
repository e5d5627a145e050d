/** What a route may declare in its `handle` for the shell. */
export interface RouteHandle {
  /** Use the whole width of the window (wide grids such as the ATT&CK matrix). */
  fullWidth?: boolean;
}

export function isFullWidth(handle: unknown): boolean {
  return (
    typeof handle === 'object' &&
    handle !== null &&
    'fullWidth' in handle &&
    (handle as RouteHandle).fullWidth === true
  );
}
