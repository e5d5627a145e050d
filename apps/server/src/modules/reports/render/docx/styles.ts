/**
 * DOCX look: A4 pages, Word's own heading styles (Heading1–3, so the navigation pane and the
 * TOC field work), a Code style, list numbering. Fonts are ones Word ships (Calibri, Consolas).
 */
import {
  AlignmentType,
  BorderStyle,
  LevelFormat,
  ShadingType,
  type INumberingOptions,
  type IStylesOptions,
  LineRuleType,
} from 'docx';

export const FONT_BODY = 'Calibri';
export const FONT_MONO = 'Consolas';
/** Where a fact's value starts (twips). */
export const FACT_TAB = 2300;

/** Colours without '#', as WordprocessingML wants them. */
export const C = {
  accent: '4C2A92',
  ink: '1A1B1E',
  body: '2C2E33',
  muted: '5C5F66',
  faint: '868E96',
  rule: 'DEE2E6',
  accentSoft: 'F1EDFA',
  zebra: 'F8F9FA',
  box: 'F5F6F8',
  boxBorder: 'E1E4E8',
  link: '1C5FB0',
} as const;

/** A4 in twips, 2 cm margins. */
export const PAGE = { width: 11906, height: 16838, margin: 1134 } as const;
export const CONTENT_TWIPS = {
  portrait: PAGE.width - 2 * PAGE.margin,
  landscape: PAGE.height - 2 * PAGE.margin,
};
/** Content width in CSS pixels (96 / inch), for images. */
export const CONTENT_PX = Math.floor((CONTENT_TWIPS.portrait / 1440) * 96);

export const styles: IStylesOptions = {
  default: {
    document: {
      run: { font: FONT_BODY, size: 20, color: C.body },
      paragraph: { spacing: { after: 80, line: 264, lineRule: LineRuleType.AUTO } },
    },
    heading1: {
      run: { font: FONT_BODY, size: 34, bold: true, color: C.accent },
      paragraph: {
        spacing: { before: 120, after: 160 },
        keepNext: true,
        border: { bottom: { style: BorderStyle.SINGLE, size: 10, color: C.accent, space: 4 } },
      },
    },
    heading2: {
      run: { font: FONT_BODY, size: 26, bold: true, color: C.ink },
      paragraph: { spacing: { before: 280, after: 100 }, keepNext: true },
    },
    heading3: {
      run: { font: FONT_BODY, size: 22, bold: true, color: C.ink },
      paragraph: { spacing: { before: 320, after: 60 }, keepNext: true },
    },
  },
  paragraphStyles: [
    {
      id: 'Code',
      name: 'Code',
      basedOn: 'Normal',
      run: { font: FONT_MONO, size: 15, color: C.ink },
      paragraph: {
        spacing: { before: 0, after: 120, line: 240, lineRule: LineRuleType.AUTO },
        shading: { type: ShadingType.CLEAR, color: 'auto', fill: C.box },
        border: {
          top: { style: BorderStyle.SINGLE, size: 4, color: C.boxBorder, space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 4, color: C.boxBorder, space: 4 },
          left: { style: BorderStyle.SINGLE, size: 4, color: C.boxBorder, space: 4 },
          right: { style: BorderStyle.SINGLE, size: 4, color: C.boxBorder, space: 4 },
        },
      },
    },
    {
      id: 'Label',
      name: 'Label',
      basedOn: 'Normal',
      run: { size: 15, bold: true, color: C.muted, allCaps: true },
      paragraph: { spacing: { before: 140, after: 40 }, keepNext: true },
    },
    {
      id: 'Caption',
      name: 'caption',
      basedOn: 'Normal',
      run: { size: 16, bold: true, color: C.ink },
      paragraph: { spacing: { before: 40, after: 20 } },
    },
    {
      id: 'Cell',
      name: 'Table text',
      basedOn: 'Normal',
      run: { size: 16 },
      paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } },
    },
    {
      id: 'CellHead',
      name: 'Table heading',
      basedOn: 'Cell',
      run: { size: 14, bold: true, color: C.muted, allCaps: true },
    },
    {
      id: 'CellSub',
      name: 'Table note',
      basedOn: 'Cell',
      run: { size: 14, color: C.faint },
    },
    {
      id: 'Fact',
      name: 'Fact',
      basedOn: 'Normal',
      run: { size: 19 },
      paragraph: {
        indent: { left: FACT_TAB, hanging: FACT_TAB },
        spacing: { before: 30, after: 30 },
        border: { bottom: { style: BorderStyle.SINGLE, size: 2, color: C.rule, space: 2 } },
      },
    },
    {
      id: 'Small',
      name: 'Small',
      basedOn: 'Normal',
      run: { size: 16, color: C.muted },
      paragraph: { spacing: { after: 80 } },
    },
  ],
  characterStyles: [
    { id: 'FactLabel', name: 'Fact label', run: { size: 18, bold: true, color: C.muted } },
  ],
};

const bullets = ['•', '◦', '▪', '•'];
export const numbering: INumberingOptions = {
  config: [
    {
      reference: 'bullets',
      levels: bullets.map((text, level) => ({
        level,
        format: LevelFormat.BULLET,
        text,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 260 } } },
      })),
    },
    {
      reference: 'numbers',
      levels: [0, 1, 2, 3].map((level) => ({
        level,
        format: level % 2 === 0 ? LevelFormat.DECIMAL : LevelFormat.LOWER_LETTER,
        text: `%${level + 1}.`,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: 360 * (level + 1), hanging: 300 } } },
      })),
    },
  ],
};
