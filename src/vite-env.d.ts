/**
 * Build-time constants that vite.config.ts's `define` writes into the app. Declarations only.
 */

/** The id of the sample case the app opens by default (generator/caseGeometry.ts's CASE_ID). */
declare const __SAMPLE_CASE_ID__: string;
