import { createTheme, localStorageColorSchemeManager } from '@mantine/core';
import type { MantineColorsTuple } from '@mantine/core';

/** localStorage key of the user's colour-scheme choice. */
export const COLOR_SCHEME_STORAGE_KEY = 'metamorph-color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({
  key: COLOR_SCHEME_STORAGE_KEY,
});

/** Purple team: the product colour sits between the red and the blue side. */
const purple: MantineColorsTuple = [
  '#f4effe',
  '#e4dafa',
  '#c7b2f2',
  '#b89bf0',
  // Index 4 is the text / anchor colour on dark backgrounds: ≥ 4.5:1 on the dark page.
  '#a887ea',
  '#7e4cdf',
  '#7640de',
  '#6432c5',
  '#592bb1',
  '#4c239c',
];

/** A cool, low-glare dark palette for long sessions (index 7 is the page). */
const ink: MantineColorsTuple = [
  '#c9ced8',
  '#a9b0bd',
  '#858d9c',
  '#5f6776',
  '#3d4350',
  '#2d323c',
  '#22262e',
  '#1a1d24',
  '#14161c',
  '#0e1014',
];

const systemSans =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';
const systemMono =
  'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace';

export const theme = createTheme({
  primaryColor: 'purple',
  // Dark filled buttons use 6 (white text 5.9:1), dark text and anchors index 4 (5.3:1).
  primaryShade: { light: 6, dark: 6 },
  colors: { purple, dark: ink },
  fontFamily: systemSans,
  fontFamilyMonospace: systemMono,
  headings: { fontFamily: systemSans, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  autoContrast: true,
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
    // Badges in table cells must not be squeezed into "RED OPERAT…".
    Badge: { styles: { root: { flexShrink: 0, minWidth: 'max-content' } } },
    Table: { styles: { th: { whiteSpace: 'nowrap' } } },
    // Icon-only close buttons need a name for screen readers (axe button-name).
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
  },
});
