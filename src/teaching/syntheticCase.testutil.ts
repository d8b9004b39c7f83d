/**
 * A tiny synthetic case (manifest + annotations file) for the teaching unit tests: a CT stack, an MR stack in
 * its own frame with an oblique orientation, and a radiograph. Test support only; imported by *.test.ts.
 */
import type { CaseManifest, ManifestSeries } from '../model/CaseManifest.ts';
import { worldPoint } from '../model/geometry.ts';
import {
  type AnnotationFile,
  CURRENT_ANNOTATION_SCHEMA_VERSION,
  type TeachingAnnotation,
} from '../model/TeachingAnnotation.ts';

export const CT_FOR = '1.2.826.0.1.3680043.8.498.100';
export const MR_FOR = '1.2.826.0.1.3680043.8.498.200';

/** CT: 24 axial slices of 64×64, 0.5 mm pixels, 2 mm thick every 2 mm, superior (z = 20) to inferior. */
export const ctSeries: ManifestSeries = {
  key: 'ct-axial',
  SeriesInstanceUID: '1.2.3.1',
  SeriesNumber: 1,
  Modality: 'CT',
  SeriesDescription: 'CT',
  FrameOfReferenceUID: CT_FOR,
  Rows: 64,
  Columns: 64,
  PixelSpacing: [0.5, 0.5],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  SliceThickness: 2,
  sliceSpacingMm: 2,
  PhotometricInterpretation: 'MONOCHROME2',
  windows: [{ WindowCenter: 40, WindowWidth: 400, explanation: 'soft tissue' }],
  instances: Array.from({ length: 24 }, (_, i) => ({
    file: `ct/${i}.dcm`,
    SOPInstanceUID: `1.2.3.1.${i + 1}`,
    InstanceNumber: i + 1,
    ImagePositionPatient: worldPoint(-16, -16, 20 - 2 * i),
  })),
};

const c = Math.cos(Math.PI / 6);
const s = Math.sin(Math.PI / 6);
/** MR: 6 slices of 40×30 (columns × rows), 0.8 × 1.2 mm pixels, 5 mm thick, rotated 30° about z. */
export const mrSeries: ManifestSeries = {
  key: 'mr-t1',
  SeriesInstanceUID: '1.2.3.2',
  SeriesNumber: 2,
  Modality: 'MR',
  SeriesDescription: 'MR T1',
  FrameOfReferenceUID: MR_FOR,
  Rows: 30,
  Columns: 40,
  PixelSpacing: [1.2, 0.8],
  ImageOrientationPatient: [c, s, 0, -s, c, 0],
  SliceThickness: 5,
  PhotometricInterpretation: 'MONOCHROME2',
  windows: [{ WindowCenter: 300, WindowWidth: 600, explanation: 'default' }],
  instances: Array.from({ length: 6 }, (_, i) => ({
    file: `mr/${i}.dcm`,
    SOPInstanceUID: `1.2.3.2.${i + 1}`,
    InstanceNumber: i + 1,
    ImagePositionPatient: worldPoint(10, -20, 12 - 5 * i),
  })),
};

/** Radiograph: one 100×80 image, no patient geometry. */
export const dxSeries: ManifestSeries = {
  key: 'dx-pelvis',
  SeriesInstanceUID: '1.2.3.3',
  SeriesNumber: 3,
  Modality: 'DX',
  SeriesDescription: 'AP pelvis',
  Rows: 80,
  Columns: 100,
  PixelSpacing: [0.2, 0.2],
  PhotometricInterpretation: 'MONOCHROME1',
  windows: [{ WindowCenter: 2000, WindowWidth: 4000, explanation: 'default' }],
  instances: [{ file: 'dx/0.dcm', SOPInstanceUID: '1.2.3.3.1', InstanceNumber: 1 }],
};

export const syntheticManifest: CaseManifest = {
  schemaVersion: 1,
  caseId: 'demo-case',
  title: 'Demo',
  StudyInstanceUID: '1.2.3',
  StudyDescription: 'Demo',
  PatientName: 'Demo^Patient',
  PatientID: 'DEMO',
  series: [ctSeries, mrSeries, dxSeries],
};

/** A patient-space annotation on CT slice `slice` (z = 20 − 2·slice). */
export function ctAnnotation(
  id: string,
  category: string,
  slice: number,
  shape: Pick<TeachingAnnotation, 'kind'> & Record<string, unknown>,
): TeachingAnnotation {
  return {
    id,
    category,
    label: id,
    sections: ['findings-ct'],
    space: 'patient',
    image: { seriesKey: 'ct-axial', SOPInstanceUID: `1.2.3.1.${slice + 1}`, FrameOfReferenceUID: CT_FOR },
    ...shape,
  } as unknown as TeachingAnnotation;
}

/** The fluid–calcium level drawn on CT slice 5 (z = 10): a line at y = 2 mm from x = −5 to 5 mm. */
export const levelOnSlice5: TeachingAnnotation = ctAnnotation('level-1', 'level', 5, {
  kind: 'line',
  points: [
    [-5, 2, 10],
    [5, 2, 10],
  ],
});

/** A closed rim outline drawn on CT slice 5 (z = 10): a 12 × 10 mm rectangle. */
export const rimOnSlice5: TeachingAnnotation = ctAnnotation('rim-1', 'rim', 5, {
  kind: 'polyline',
  closed: true,
  points: [
    [-6, -4, 10],
    [6, -4, 10],
    [6, 6, 10],
    [-6, 6, 10],
  ],
});

/** A pixel-space annotation (column, row) on the synthetic radiograph's only image. */
export function dxAnnotation(
  id: string,
  category: string,
  shape: Pick<TeachingAnnotation, 'kind'> & Record<string, unknown>,
): TeachingAnnotation {
  return {
    id,
    category,
    label: 'Cluster',
    sections: ['findings-xr'],
    space: 'pixel',
    image: { seriesKey: 'dx-pelvis', SOPInstanceUID: '1.2.3.3.1' },
    ...shape,
  } as unknown as TeachingAnnotation;
}

/** An annotations file holding the given annotations, with the categories they use. */
export function fileWith(annotations: readonly TeachingAnnotation[]): AnnotationFile {
  const ids = [...new Set(annotations.map((a) => a.category))];
  return {
    schemaVersion: CURRENT_ANNOTATION_SCHEMA_VERSION,
    caseId: 'demo-case',
    text: { markdownFile: 'demo-case.md' },
    categories: ids.map((id) => ({ id, label: id, colour: '#ffffff', description: id })),
    annotations,
  };
}
