// Reference tissue values of the phantom: CT number (HU) and relative MR signal (T1, fat-suppressed T2).
// Values follow the case brief (fat −120…−80, muscle 40–60, urine 0–15, cancellous 200–400, cortex
// 1000–1900); MR values are relative spin-echo signals. Pure data.
import type { Material } from './Phantom.ts';

function tissue(hu: number, t1: number, t2: number): Material {
  return { hu, t1, t2 };
}

/** Named materials used by the phantom's layers. */
export const TISSUES = {
  air: tissue(-1000, 0, 0),
  gas: tissue(-990, 0, 0),
  skin: tissue(45, 0.5, 0.32),
  fat: tissue(-102, 0.92, 0.07),
  muscle: tissue(50, 0.33, 0.17),
  fascia: tissue(30, 0.3, 0.2),
  cortex: tissue(1550, 0.02, 0.02),
  cancellous: tissue(270, 0.72, 0.13),
  yellowMarrow: tissue(-40, 0.88, 0.08),
  cartilage: tissue(75, 0.38, 0.36),
  disc: tissue(85, 0.34, 0.55),
  csf: tissue(8, 0.12, 0.95),
  urine: tissue(7, 0.09, 0.96),
  bladderWall: tissue(42, 0.32, 0.22),
  uterus: tissue(48, 0.36, 0.5),
  bowelWall: tissue(45, 0.34, 0.3),
  bowelFluid: tissue(14, 0.15, 0.8),
  stool: tissue(-20, 0.38, 0.32),
  blood: tissue(42, 0.06, 0.04),
  venousBlood: tissue(40, 0.22, 0.32),
  vesselWall: tissue(48, 0.3, 0.2),
  arterialCalcium: tissue(820, 0.02, 0.02),
  lymphNode: tissue(35, 0.34, 0.5),
  nerve: tissue(32, 0.36, 0.42),
  massStroma: tissue(38, 0.27, 0.62),
  locFluid: tissue(12, 0.17, 0.86),
  locSediment: tissue(600, 0.05, 0.06),
  locRim: tissue(900, 0.03, 0.03),
  oedema: tissue(-8, 0.42, 0.78),
  tableCarbon: tissue(260, 0, 0),
  tableFoam: tissue(-880, 0, 0),
} as const satisfies Record<string, Material>;
