/**
 * A view as a link keeps it, for comparing two browsers' views: everything exact, but the window to 0.1, the
 * zoom to 3 significant digits and the pan to 0.01 mm (deep-link and live-class specs).
 */
import type { ViewState } from '../../src/model/ViewState.ts';

/** The view with its window and camera rounded as a link keeps them. */
export function roundedView(view: ViewState): ViewState {
  return {
    ...view,
    viewports: view.viewports.map((v) => ({
      ...v,
      ...(v.voi
        ? {
            voi: {
              windowWidth: Math.round(v.voi.windowWidth * 10) / 10,
              windowCenter: Math.round(v.voi.windowCenter * 10) / 10,
            },
          }
        : {}),
      ...(v.camera
        ? {
            camera: {
              zoom: Number(v.camera.zoom.toPrecision(3)),
              panMm: [
                Math.round(v.camera.panMm[0] * 100) / 100,
                Math.round(v.camera.panMm[1] * 100) / 100,
              ] as const,
            },
          }
        : {}),
    })),
  };
}
