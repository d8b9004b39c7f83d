/**
 * Stands in for the `xmlbuilder2` package in our build (see vite.config.ts). Cornerstone's core imports
 * vtk.js's XML mesh reader and writer statically, and they pull xmlbuilder2, js-yaml and @oozcitak/* into the
 * first-load bundle (measured: 308 kB raw, 76 kB gzip) although this viewer never reads or writes VTK XML
 * meshes. Depends on nothing.
 */

/** Replaces xmlbuilder2's `create`: VTK XML meshes are not supported in this build. */
export function create(): never {
  throw new Error(
    'VTK XML meshes are not supported in this build (xmlbuilder2 is stubbed in vite.config.ts).',
  );
}
