/**
 * CT window presets on number keys, and how a VOI is written on screen. Pure data; no DOM.
 */
import type { Voi } from './ViewState.ts';

/** A named CT window, bound to a number key. */
export interface CtWindowPreset {
  readonly key: string;
  readonly label: string;
  readonly voi: Voi;
  readonly why: string;
}

/**
 * The CT presets. The calcification window (W 1600 / L 400, −400 to 1200 HU) keeps fluid (0–25 HU) dark
 * grey, layered calcium (300–900 HU) mid to light grey and the calcified rim (500–1200 HU) near white,
 * so the fluid–calcium level and the rim both stay readable where the bone window would flatten them.
 */
export const ctWindowPresets: readonly CtWindowPreset[] = [
  {
    key: '1',
    label: 'Soft tissue',
    voi: { windowWidth: 400, windowCenter: 40 },
    why: 'muscle, fat, fluid',
  },
  { key: '2', label: 'Bone', voi: { windowWidth: 2000, windowCenter: 500 }, why: 'cortex and marrow' },
  {
    key: '3',
    label: 'Calcification',
    voi: { windowWidth: 1600, windowCenter: 400 },
    why: 'fluid vs sediment vs rim',
  },
];

/** Window width and level as a radiologist reads them: `W 400 L 40`. */
export function formatVoi(voi: Voi): string {
  return `W ${Math.round(voi.windowWidth)} L ${Math.round(voi.windowCenter)}`;
}

/** The compact form carried by `data-voi` on viewport elements: `400/40` (width/centre). */
export function voiAttribute(voi: Voi): string {
  return `${Math.round(voi.windowWidth)}/${Math.round(voi.windowCenter)}`;
}
