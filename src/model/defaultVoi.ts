/**
 * The window a series opens with, decided from plain facts about its first image shown (modality, the
 * manifest's windows, MONOCHROME1, the pixels and their rescale). Pure; no DOM, no Cornerstone: the viewer
 * builds the record from the image it loaded.
 */
import { type AutoVoiOptions, autoVoiFromPixels } from './autoVoi.ts';
import type { WindowPreset } from './CaseManifest.ts';
import type { Voi } from './ViewState.ts';

/** What {@link defaultVoi} needs to know about a series and the first image shown of it. */
export interface DefaultVoiInput {
  /** Modality (0008,0060) of the series. */
  readonly Modality: string;
  /** The manifest's windows of the series, in file order (the first is the file's default). */
  readonly windows: readonly Pick<WindowPreset, 'WindowCenter' | 'WindowWidth'>[];
  /** MONOCHROME1: low values are shown white, so the direct-exposure background is the highest values. */
  readonly monochrome1: boolean;
  /** The image's pixel values (stored values unless `preScaled`), or null when they cannot be read. */
  readonly pixels: ArrayLike<number> | null;
  /** Smallest and largest value of `pixels` (same units as `pixels`). */
  readonly minPixelValue: number;
  readonly maxPixelValue: number;
  /** RescaleSlope (0028,1053) and RescaleIntercept (0028,1052): output value = stored × slope + intercept. */
  readonly slope: number;
  readonly intercept: number;
  /** True when the loader already applied slope and intercept to `pixels` (they are output values). */
  readonly preScaled: boolean;
  /** The image's own WindowCenter / WindowWidth (output units), or null when it has none. */
  readonly imageWindow: Voi | null;
  /** A colour image (RGB, YBR, palette): shown as stored, not windowed like a grey image. */
  readonly colour?: boolean;
}

/** CT soft-tissue window, for a CT whose files carry no window. */
const ctSoftTissue: Voi = { windowCenter: 40, windowWidth: 400 };

/**
 * The window a series opens with. Colour: shown as stored (the file's window, else the whole range). CT: the
 * file's first window (else soft tissue). Projection radiographs
 * and other modalities: the file's window, chosen by the modality for that exposure (else automatic). MR:
 * automatic, a percentile window of the image without the air background (MR file windows are often poor).
 * The automatic window is computed on the pixels as given and brought to output units.
 * @param input - the series' and its image's facts
 */
export function defaultVoi(input: DefaultVoiInput): Voi {
  const fileWindow = input.windows[0];
  const fromFile = fileWindow
    ? { windowCenter: fileWindow.WindowCenter, windowWidth: fileWindow.WindowWidth }
    : null;
  // Colour: its own window if the file gives one, else the whole range of its samples (shown as stored).
  if (input.colour) return fromFile ?? input.imageWindow ?? colourRange(input.maxPixelValue);
  if (input.Modality === 'CT') return fromFile ?? ctSoftTissue;
  if (input.Modality !== 'MR' && fromFile) return fromFile;
  const auto = input.pixels ? autoVoiFromPixels(input.pixels, autoOptions(input)) : null;
  if (auto) return toOutputUnits(auto, input);
  if (fromFile) return fromFile;
  if (input.imageWindow) return input.imageWindow;
  // No pixels to look at and no window anywhere: the whole value range.
  const width = Math.max(1, input.maxPixelValue - input.minPixelValue);
  return toOutputUnits({ windowCenter: input.minPixelValue + width / 2, windowWidth: width }, input);
}

/** The identity window of colour samples: 0-255 for 8-bit pixels, 0-65535 for 16-bit. */
function colourRange(maxPixelValue: number): Voi {
  const top = maxPixelValue <= 255 ? 255 : 65_535;
  return { windowCenter: (top + 1) / 2, windowWidth: top + 1 };
}

/** Percentiles and the background left out of the automatic window. */
function autoOptions(input: DefaultVoiInput): AutoVoiOptions {
  const { minPixelValue: min, maxPixelValue: max } = input;
  // MR: air outside the body sits at the lowest value.
  if (input.Modality === 'MR') return { ignoreAtOrBelow: min, lowPercentile: 1, highPercentile: 99.5 };
  // Radiograph: leave out the direct-exposure background (darkest on screen: highest on MONOCHROME1).
  const margin = 0.02 * (max - min);
  return input.monochrome1
    ? { ignoreAtOrAbove: max - margin, lowPercentile: 0.5, highPercentile: 99.5 }
    : { ignoreAtOrBelow: min + margin, lowPercentile: 0.5, highPercentile: 99.5 };
}

/** A window on pixels not pre-scaled by the loader is in stored values: bring it to output units. */
function toOutputUnits(voi: Voi, input: DefaultVoiInput): Voi {
  if (input.preScaled) return voi;
  return {
    windowCenter: voi.windowCenter * input.slope + input.intercept,
    windowWidth: voi.windowWidth * Math.abs(input.slope),
  };
}
