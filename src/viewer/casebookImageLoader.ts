/**
 * The image loader for `wadouri:` image ids. Files are fetched and read in the instance workers
 * (src/data/instanceWorkerClient.ts): native little-endian grayscale images arrive decoded, with the
 * modality LUT applied as the DICOM image loader would, and a short naturalized record of the attributes a
 * viewer reads; they become Cornerstone images with one small step on the main thread. Anything else
 * (compressed, colour, multi-frame, LUT tables) arrives as the file's bytes, which the library reads in full
 * and decodes itself. Either way the attributes are a naturalized record @cornerstonejs/metadata's providers
 * read, so every metadata module is the library's own.
 */
import {
  Enums as CoreEnums,
  metaData,
  registerImageLoader,
  type Types,
  utilities,
} from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { Enums as MetadataEnums, utilities as metadataUtilities } from '@cornerstonejs/metadata';
import { fileUrlOfImageId } from '../data/imageIds.ts';
import { inflatePart10 } from '../data/inflatePart10.ts';
import type { DecodedPixels } from '../data/instancePixels.ts';
import { instanceWorkers, type LoadedInstance } from '../data/instanceWorkerClient.ts';
import { markLoadError } from './loadErrorGuard.ts';

const scheme = 'wadouri';
const NATURALIZED = MetadataEnums.MetadataModules.NATURALIZED;

/**
 * Registers the loader for `wadouri:` ids. Call after the DICOM image loader's init (which registers its
 * own loader for the scheme and the default metadata providers): this one replaces it and keeps it as the
 * decoder for what the workers do not decode.
 */
export function registerCasebookImageLoader(): void {
  registerImageLoader(scheme, loadImage as unknown as Types.ImageLoaderFn);
}

function loadImage(imageId: string, options: Record<string, unknown> = {}): Types.IImageLoadObject {
  const promise = (async () => {
    const loaded: LoadedInstance = await instanceWorkers().load(fileUrlOfImageId(imageId));
    if (loaded.kind === 'declined') {
      // The library reads the whole file (dcmjs, every attribute) and decodes it in its own workers.
      // A deflated file is inflated first (the library's reader does not inflate).
      const naturalized = await naturalizeWhole(inflatePart10(loaded.file));
      // A file cut off before its pixels (or an object that holds none) parses: say so in plain words,
      // not the library's "no pixel data in NATURALIZED for imageId ...".
      if (naturalized.PixelData === undefined && naturalized.FloatPixelData === undefined)
        throw new Error('no pixel data (the file holds no image, or is cut off before its pixels)');
      metadataUtilities.setCacheData(NATURALIZED, imageId, naturalized);
      const image = (await wadouri.loadImageFromNaturalizedMetadata(imageId, options)
        .promise) as Types.IImage;
      // A codestream that decodes to another size than the header's (or none) would break the renderer.
      const rows = Number(naturalized.Rows);
      const columns = Number(naturalized.Columns);
      if (!(image.rows > 0 && image.columns > 0) || image.rows !== rows || image.columns !== columns)
        throw new Error(
          `the pixels decode to ${image.columns} × ${image.rows}, not the file's ${columns} × ${rows}: the pixel data is damaged`,
        );
      return withTrueColourLayout(image);
    }
    metadataUtilities.setCacheData(NATURALIZED, imageId, loaded.naturalized);
    return imageFromPixels(imageId, loaded.decoded, loaded.naturalized, loaded.readMs);
  })().catch((error: unknown) => {
    throw markLoadError(error);
  });
  return { promise } as unknown as Types.IImageLoadObject;
}

/**
 * A colour image's `rgba` flag set from its pixels. The DICOM image loader (5.x) marks every colour image
 * loaded with `useRGBA` (the CPU rendering path asks for it) as RGBA, though an RGB file that needs no colour
 * conversion (native or RLE RGB) keeps 3 samples a pixel: the CPU renderer then reads 4 at a time and the
 * picture is striped. The samples per pixel are what the pixel data holds.
 */
function withTrueColourLayout(image: Types.IImage): Types.IImage {
  if (!image.color) return image;
  const length = image.voxelManager?.getScalarDataLength?.() ?? image.getPixelData().length;
  const samples = length / (image.rows * image.columns);
  if (samples === 3 && image.rgba) return Object.assign(image, { rgba: false });
  if (samples === 4 && !image.rgba) return Object.assign(image, { rgba: true });
  return image;
}

/** The library's full naturalized reading of a file the worker declined; a parse failure says so plainly. */
async function naturalizeWhole(file: ArrayBuffer): Promise<Record<string, unknown>> {
  try {
    return (await metadataUtilities.naturalizePart10Buffer(file)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`file is truncated or corrupt (${message})`);
  }
}

interface PlaneModule {
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
}
interface PixelModule {
  rows: number;
  columns: number;
  samplesPerPixel?: number;
  photometricInterpretation?: string;
  bitsAllocated?: number;
  bitsStored?: number;
  pixelRepresentation?: number;
}
interface VoiModule {
  windowCenter?: number[] | number;
  windowWidth?: number[] | number;
  voiLUTFunction?: string[] | string;
}
interface ModalityModule {
  rescaleSlope?: number;
  rescaleIntercept?: number;
}

const first = <T>(value: T[] | T | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * A Cornerstone image from decoded grayscale pixels, with the fields the DICOM image loader's createImage
 * sets for the same file.
 */
function imageFromPixels(
  imageId: string,
  decoded: DecodedPixels,
  naturalized: Record<string, unknown>,
  decodeTimeInMS: number,
): Types.IImage {
  const plane = (metaData.get('imagePlaneModule', imageId) ?? {}) as PlaneModule;
  const pixelModule = metaData.get('imagePixelModule', imageId) as PixelModule;
  const voi = (metaData.get('voiLutModule', imageId) ?? {}) as VoiModule;
  const modality = (metaData.get('modalityLutModule', imageId) ?? {}) as ModalityModule;
  const calibration = metaData.get('calibrationModule', imageId) ?? {};
  const { pixels, min, max, scaled, rescaleSlope, rescaleIntercept } = decoded;
  const { rows, columns } = pixelModule;
  const preScale = scaled
    ? {
        enabled: true,
        scaled: true,
        scalingParameters: {
          rescaleSlope,
          rescaleIntercept,
          modality: typeof naturalized.Modality === 'string' ? naturalized.Modality : undefined,
        },
      }
    : { enabled: false, scaled: false };
  const imageFrame = {
    samplesPerPixel: 1,
    photometricInterpretation: pixelModule.photometricInterpretation,
    rows,
    columns,
    bitsAllocated: pixelModule.bitsAllocated,
    bitsStored: pixelModule.bitsStored,
    pixelRepresentation: pixelModule.pixelRepresentation,
    smallestPixelValue: min,
    largestPixelValue: max,
    pixelData: pixels,
    pixelDataLength: pixels.length,
    preScale,
    decodeTimeInMS,
    imageId,
  };
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    scalarData: pixels,
    width: columns,
    height: rows,
    numberOfComponents: 1,
  });
  let windowCenter = first(voi.windowCenter);
  let windowWidth = first(voi.windowWidth);
  if (windowCenter === undefined || windowWidth === undefined) {
    const fromRange = utilities.windowLevel.toWindowLevel(min, max);
    windowCenter = fromRange.windowCenter;
    windowWidth = fromRange.windowWidth;
  }
  const image = {
    imageId,
    dataType: pixels.constructor.name,
    color: false,
    calibration,
    columnPixelSpacing: plane.columnPixelSpacing,
    rowPixelSpacing: plane.rowPixelSpacing,
    columns,
    rows,
    width: columns,
    height: rows,
    preScale,
    intercept: modality.rescaleIntercept ? modality.rescaleIntercept : 0,
    slope: modality.rescaleSlope ? modality.rescaleSlope : 1,
    invert: pixelModule.photometricInterpretation === 'MONOCHROME1',
    minPixelValue: min,
    maxPixelValue: max,
    sizeInBytes: pixels.byteLength,
    windowCenter,
    windowWidth,
    voiLUTFunction: first(voi.voiLUTFunction),
    decodeTimeInMS,
    floatPixelData: undefined,
    imageFrame,
    voxelManager,
    rgba: false,
    getPixelData: () => pixels,
    getCanvas: undefined,
    numberOfComponents: 1,
    imageQualityStatus: CoreEnums.ImageQualityStatus.FULL_RESOLUTION,
    data: naturalized,
  };
  return image as unknown as Types.IImage;
}
