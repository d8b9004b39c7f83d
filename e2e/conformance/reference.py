"""Reference decoding of the conformance corpus with pydicom (Debian's python3-pydicom and python3-numpy).

For each DICOM file of a folder, writes what pydicom decodes at a grid of image pixels (32 x 32 points of
the first frame, after the modality rescale; colour converted to RGB), with the file's transfer syntax and
photometric interpretation; files pydicom cannot decode (no handler for the compression here, or broken)
get the reason instead. The end-to-end conformance test correlates the app's canvas with these values.

Usage: python3 e2e/conformance/reference.py <folder> <out.json>
"""
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space

GRID = 32


def reference(path):
    entry = {"name": os.path.basename(path)}
    try:
        ds = pydicom.dcmread(path, force=False)
    except Exception as error:  # not DICOM, truncated header
        entry["readError"] = str(error)[:200]
        return entry
    meta = getattr(ds, "file_meta", None)
    entry["transferSyntax"] = str(getattr(meta, "TransferSyntaxUID", "")) if meta is not None else ""
    entry["photometric"] = str(ds.get("PhotometricInterpretation", ""))
    entry["modality"] = str(ds.get("Modality", ""))
    entry["sopClass"] = str(ds.get("SOPClassUID", ""))
    if "PixelData" not in ds:
        entry["noPixels"] = True
        return entry
    rows, cols = int(ds.Rows), int(ds.Columns)
    entry["rows"], entry["cols"] = rows, cols
    try:
        entry["frames"] = int(ds.get("NumberOfFrames", 1) or 1)
    except (TypeError, ValueError):
        entry["frames"] = 1
    try:
        arr = ds.pixel_array
    except Exception as error:
        entry["decodeError"] = str(error)[:200]
        return entry
    if entry["frames"] > 1:
        arr = arr[0]
    samples = int(ds.get("SamplesPerPixel", 1))
    if samples == 3:
        photometric = entry["photometric"]
        # pydicom gives YBR as stored (JPEG baseline is converted to RGB by its decoder already).
        if photometric.startswith("YBR") and not str(entry["transferSyntax"]).startswith("1.2.840.10008.1.2.4.5"):
            arr = convert_color_space(arr, photometric, "RGB")
        values = arr.astype(float)
    elif entry["photometric"] == "PALETTE COLOR":
        from pydicom.pixel_data_handlers.util import apply_color_lut

        values = apply_color_lut(arr, ds).astype(float)
    else:
        values = apply_modality_lut(arr, ds).astype(float)
    cs = [int((i + 0.5) * cols / GRID) for i in range(GRID)]
    rs = [int((i + 0.5) * rows / GRID) for i in range(GRID)]
    entry["gridCols"], entry["gridRows"] = cs, rs
    if values.ndim == 3:
        entry["channels"] = [[[float(values[r, c, k]) for c in cs] for r in rs] for k in range(3)]
    else:
        entry["channels"] = [[[float(values[r, c]) for c in cs] for r in rs]]
    return entry


def safe_reference(path):
    try:
        return reference(path)
    except Exception as error:  # anything pydicom or numpy trips on: no reference for this file
        return {"name": os.path.basename(path), "decodeError": f"{type(error).__name__}: {error}"[:200]}


def main():
    warnings.simplefilter("ignore")
    folder, out = sys.argv[1], sys.argv[2]
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(".dcm"))
    result = [safe_reference(os.path.join(folder, n)) for n in names]
    with open(out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
