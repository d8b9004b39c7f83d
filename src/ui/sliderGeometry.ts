/**
 * Geometry shared by the slice slider's visible thumb (ViewportCell) and its tick marks (SliderTickMarks): the
 * thumb's centre runs from `thumbHalfPx` in at either end of the track.
 */

/** Half the slider thumb's width, px (`.slider-thumb` in styles.css is twice this wide). */
export const thumbHalfPx = 8;
