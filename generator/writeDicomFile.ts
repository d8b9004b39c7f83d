// Writes a naturalized dataset as a Part-10 file (explicit VR little endian) with dcmjs.
// Knows no modality; callers build the datasets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import dcmjs from 'dcmjs';
import { deterministicUid } from './deterministicUid.ts';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = deterministicUid('casebook/implementation');

/** A naturalized dataset (DICOM keywords as keys), with SOPClassUID and SOPInstanceUID. */
export type Dataset = Record<string, unknown> & { SOPClassUID: string; SOPInstanceUID: string };

/** Encodes a dataset as Part-10 bytes. */
export function encodeDicom(dataset: Dataset): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'CASEBOOK_1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** Encodes and writes a dataset, creating the folder. */
export function writeDicomFile(path: string, dataset: Dataset): number {
  const bytes = encodeDicom(dataset);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes.length;
}
