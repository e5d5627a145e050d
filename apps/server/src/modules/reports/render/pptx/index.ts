import { Pptx } from './pptxgen.js';
import type { ReportModel, ReportRenderer } from '../../model/report-model.js';
import { writeChunk } from '../write.js';
import { gapsSlide, heatmapSlide, tacticSlides, timeSlide } from './results.js';
import { coverSlide, keyNumbersSlide, levelsSlide, nextStepsSlide, scopeSlide } from './slides.js';
import { FONT } from './theme.js';

/**
 * The readout deck (pptxgenjs): cover, scope and team, then the chosen sections that make a
 * readout — key numbers, heat map, results by tactic, top gaps, time to detect, next steps,
 * detection levels. Every word is a native text box or table (editable in PowerPoint and
 * Impress); only the heat map is a picture. The deck holds a few slides whatever the mission's
 * size (tables show the top rows), so it is built in memory and written in one go.
 */
export async function buildDeck(model: ReportModel): Promise<Buffer> {
  const deck = new Pptx();
  deck.layout = 'LAYOUT_WIDE';
  deck.author = model.cover.generatedBy;
  deck.company = model.cover.clientName;
  deck.title = `${model.cover.missionName} — readout`;
  deck.subject = 'Purple-team exercise readout';
  deck.theme = { headFontFace: FONT, bodyFontFace: FONT };
  const footer = `${model.cover.clientName} · ${model.cover.missionName}`;
  const has = (s: ReportModel['sections'][number]) => model.sections.includes(s);

  coverSlide(deck, model);
  scopeSlide(deck, model, footer);
  if (has('key_numbers')) keyNumbersSlide(deck, model, footer);
  if (has('heatmap')) await heatmapSlide(deck, model, footer);
  if (has('tactics')) tacticSlides(deck, model, footer);
  if (has('findings') || has('tests')) gapsSlide(deck, model, footer);
  if (has('key_numbers')) timeSlide(deck, model, footer);
  if (has('executive_summary')) nextStepsSlide(deck, model, footer);
  if (has('methodology')) levelsSlide(deck, model, footer);

  const out = await deck.write({ outputType: 'nodebuffer', compression: true });
  // 'nodebuffer' answers a Buffer (the union type covers the browser's outputs too).
  return out as Buffer;
}

export const pptxRenderer: ReportRenderer = {
  format: 'pptx',
  mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  extension: 'pptx',
  async render(model, out, progress) {
    const buf = await buildDeck(model);
    await writeChunk(out, buf);
    await progress(model.tests.length, model.tests.length);
  },
};
