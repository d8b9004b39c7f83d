import { describe, expect, it } from 'vitest';
import { placeKeyImage } from './placeAnnotation.ts';
import { syntheticManifest } from './syntheticCase.testutil.ts';

describe('placeKeyImage', () => {
  it('finds the key image by SOPInstanceUID, with its window', () => {
    const result = placeKeyImage(
      {
        seriesKey: 'ct-axial',
        SOPInstanceUID: '1.2.3.1.6',
        InstanceNumber: 6,
        window: { WindowCenter: 400, WindowWidth: 1600 },
      },
      syntheticManifest,
    );
    expect(result.ok && result.placement.imageIndex).toBe(5);
    expect(result.ok && result.placement.series.key).toBe('ct-axial');
    expect(result.ok && result.placement.voi).toEqual({ windowCenter: 400, windowWidth: 1600 });
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('trusts the SOPInstanceUID over the instance number, and says they disagree', () => {
    const result = placeKeyImage(
      { seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.1.6', InstanceNumber: 100 },
      syntheticManifest,
    );
    expect(result.ok && result.placement.imageIndex).toBe(5);
    expect(result.ok && result.placement.voi).toBeUndefined();
    expect(result.ok && result.warnings.map((w) => w.detail)).toEqual([
      'keyImage.InstanceNumber 100 does not match the image its SOPInstanceUID names (InstanceNumber 6)',
    ]);
  });

  it('says which series or image is unknown', () => {
    const series = placeKeyImage({ seriesKey: 'ct-coronal', SOPInstanceUID: '1.2.3.1.6' }, syntheticManifest);
    expect(series.ok ? [] : series.issues.map((i) => i.detail)).toEqual([
      "keyImage.seriesKey 'ct-coronal' is not a series of the case (ct-axial, mr-t1, dx-pelvis)",
    ]);
    const image = placeKeyImage({ seriesKey: 'ct-axial', SOPInstanceUID: '1.2.3.2.1' }, syntheticManifest);
    expect(image.ok ? [] : image.issues.map((i) => i.detail)).toEqual([
      "keyImage.SOPInstanceUID 1.2.3.2.1 is not an image of series 'ct-axial'",
    ]);
  });
});
