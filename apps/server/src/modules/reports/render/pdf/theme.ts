/** The PDF's page margins, colours, heading sizes and the TOC entry shape (layout.ts uses them). */
export const MARGIN = { top: 68, bottom: 60, left: 56, right: 56 } as const;

export const C = {
  ink: '#1a1b1e',
  body: '#2c2e33',
  muted: '#5c5f66',
  faint: '#868e96',
  rule: '#dee2e6',
  accent: '#4c2a92',
  accentSoft: '#f1edfa',
  zebra: '#f8f9fa',
  box: '#f5f6f8',
  boxBorder: '#e1e4e8',
  link: '#1c5fb0',
} as const;

export type Orientation = 'portrait' | 'landscape';

export interface TocEntry {
  level: 1 | 2 | 3;
  title: string;
  dest: string;
  /** 1-based page number, set when the heading is laid out. */
  page: number | null;
}

export const HEADING = {
  1: { size: 17, before: 16, after: 10, keep: 140 },
  2: { size: 12.5, before: 10, after: 6, keep: 110 },
  3: { size: 10.5, before: 8, after: 4, keep: 150 },
} as const;
