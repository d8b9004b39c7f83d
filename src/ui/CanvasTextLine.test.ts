// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CanvasTextLine, fitText } from './CanvasTextLine.ts';

/** A monospace measure: 7 units per character. */
const mono = (s: string) => 7 * s.length;

describe('fitText', () => {
  it('keeps a text that fits', () => {
    expect(fitText('Im 12/200', 7 * 9, mono)).toBe('Im 12/200');
  });

  it('cuts a text that does not fit to the longest prefix that fits with an ellipsis', () => {
    // 10 characters of room: 9 of the text and the ellipsis.
    expect(fitText('Im 120/200 (showing 118, loading)', 70, mono)).toBe('Im 120/20…');
  });

  it('gives nothing when not even one character and the ellipsis fit', () => {
    expect(fitText('Loc 10.0 mm', 10, mono)).toBe('');
  });
});

describe('CanvasTextLine', () => {
  it('holds its line as the canvas fallback text, which is what the DOM reads', () => {
    const line = new CanvasTextLine('image-number');
    line.set('Im 5/200');
    expect(line.element.tagName).toBe('CANVAS');
    expect(line.element.classList.contains('image-number')).toBe(true);
    expect(line.element.textContent).toBe('Im 5/200');
    line.set('Im 6/200');
    expect(line.element.textContent).toBe('Im 6/200');
    line.set('');
    expect(line.element.textContent).toBe('');
  });
});
