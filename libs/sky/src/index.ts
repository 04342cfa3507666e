export type { SkyCone, SkyFrame, SkyRegion } from './sky-region.js';
export {
  angularDistance,
  coneIntersectsRegion,
  distanceToRegion,
  galacticToIcrs,
  icrsToGalactic,
  skyConeViolations,
  skyRegionViolations,
} from './sky-geometry.js';
