import { createTheme, localStorageColorSchemeManager } from '@mantine/core';
import type { CSSVariablesResolver, MantineColorsTuple } from '@mantine/core';

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
  // Index 4 is text on dark backgrounds (≥ 4.5:1 on the page); anchors use 3 (≥ 4.5:1 on cards,
  // hovered rows and light alerts too, see cssVariablesResolver).
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
    // Icon-only close buttons need a name for screen readers (axe: button-name).
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    FileInput: { defaultProps: { clearButtonProps: { 'aria-label': 'Clear the file' } } },
  },
});

/**
 * Filled red (danger buttons, "blocked") and gray ("pending", a "No" fact) carry white text: on
 * shade 6 that is 3.3:1, on red 9 5.5:1 and on gray 7 8:1 (both schemes).
 */
const whiteTextFilled = {
  '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
  '--mantine-color-red-filled-hover': '#a61e1e',
  '--mantine-color-gray-filled': 'var(--mantine-color-gray-7)',
  '--mantine-color-gray-filled-hover': 'var(--mantine-color-gray-8)',
};

/**
 * Light-variant badges in the light scheme put shade 9 on shade 1; for these colours that is
 * 2.7–4.5:1 (teal "Reviewed by blue" 4.3, orange "Medium" 3.6). Darker text: each ≥ 5.5:1 on
 * its shade 1 and ≥ 4.6:1 on shade 2.
 */
const DARK_TEXT: Record<string, string> = {
  teal: '#066649',
  green: '#1d6b2c',
  lime: '#476b0c',
  yellow: '#7a4300',
  orange: '#a33a0a',
  red: '#b31b1b',
};
/** The same text for outline badges (shade 6 on white: red 3.3:1, teal 2.5:1). */
const lightVariantText = Object.fromEntries(
  Object.entries(DARK_TEXT).flatMap(([c, v]) => [
    [`--mantine-color-${c}-light-color`, v],
    [`--mantine-color-${c}-outline`, v],
  ]),
);

/**
 * Text colours that keep 4.5:1 on the page, cards and hovered table rows in both schemes.
 * Mantine's defaults do not in dark mode (dimmed 3.9:1 on a hovered row, error red 3.4:1, anchors
 * 4.1:1 in a light alert); `--mm-text-<colour>` are the side / status colours for text (a shade
 * that reads on white in light mode, a light one on the dark page).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...whiteTextFilled,
    ...lightVariantText,
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Outline gray badges (plan outcomes, permissions): gray 6 on white is 3.3:1, gray 7 8.2:1.
    '--mantine-color-gray-outline': 'var(--mantine-color-gray-7)',
    '--mm-text-red': 'var(--mantine-color-red-9)',
    '--mm-text-cyan': 'var(--mantine-color-cyan-9)',
    '--mm-text-orange': 'var(--mantine-color-orange-9)',
    '--mm-text-yellow': '#8f3f00',
  },
  dark: {
    ...whiteTextFilled,
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-anchor': 'var(--mantine-color-purple-3)',
    '--mm-text-red': 'var(--mantine-color-red-4)',
    '--mm-text-cyan': 'var(--mantine-color-cyan-3)',
    '--mm-text-orange': 'var(--mantine-color-orange-4)',
    '--mm-text-yellow': 'var(--mantine-color-yellow-4)',
  },
});
