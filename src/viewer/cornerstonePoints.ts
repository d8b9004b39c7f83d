/**
 * Our coordinate spaces at the Cornerstone boundary. Cornerstone's world Point3 is DICOM patient space (LPS,
 * mm) and its canvas Point2 is CSS pixels on the viewport element, but both are bare mutable tuples: a value
 * gets its space (or sheds it) here, nowhere else in src/viewer. Imports Cornerstone's types and
 * src/model/geometry.ts only.
 */
import type { Types } from '@cornerstonejs/core';
import {
  type CanvasPoint,
  canvasPoint,
  type WorldPoint,
  type WorldVector,
  worldPoint,
  worldVector,
} from '../model/geometry.ts';

/**
 * A world position from Cornerstone (canvasToWorld, a camera's focal point) as ours: a copy, since
 * Cornerstone may reuse or change its array after we keep the point.
 * @param point - patient coordinates, mm
 */
export const worldPointFrom = (point: Types.Point3): WorldPoint => worldPoint(point[0], point[1], point[2]);

/**
 * A direction from Cornerstone (a camera's viewUp or viewPlaneNormal) as ours, copied.
 * @param vector - patient-space direction
 */
export const worldVectorFrom = (vector: Types.Point3): WorldVector =>
  worldVector(vector[0], vector[1], vector[2]);

/**
 * A canvas position from Cornerstone (worldToCanvas) as ours, copied.
 * @param point - CSS px from the viewport element's top-left corner
 */
export const canvasPointFrom = (point: Types.Point2): CanvasPoint => canvasPoint(point[0], point[1]);

/**
 * Our world point or vector as the mutable Point3 Cornerstone's API takes: a copy, so nothing Cornerstone
 * does to it reaches our readonly value.
 * @param value - patient coordinates, mm
 */
export const point3Of = (value: WorldPoint | WorldVector): Types.Point3 => [value[0], value[1], value[2]];

/**
 * Canvas points as the Point2 list Cornerstone's SVG drawing takes, without a copy (the overlay draws on
 * every render). The one cast from our canvas space to Cornerstone's: its drawing functions only read the
 * points they are given.
 * @param points - CSS px on the viewport element
 */
export const asPoint2List = (points: readonly CanvasPoint[]): Types.Point2[] =>
  points as unknown as Types.Point2[];

/**
 * One canvas point as a Point2 for Cornerstone's drawing, without a copy (see {@link asPoint2List}).
 * @param point - CSS px on the viewport element
 */
export const asPoint2 = (point: CanvasPoint): Types.Point2 => point as unknown as Types.Point2;
