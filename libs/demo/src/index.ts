// The public API of @apdc/demo: the demo catalogue's data and the generator behind its KASCADE-like release.
export {
  type KascadeLikeColumn,
  type KascadeLikeColumnName,
  type KascadeLikeEvent,
  type KascadeLikeEventsOptions,
  KASCADE_LIKE_COLUMNS,
  KASCADE_LIKE_MODEL,
  generateKascadeLikeEvents,
  kascadeLikeEventsCsv,
  kascadeLikeZenithDensity,
} from './kascade-like-events.js';
export {
  type DemoFile,
  type DemoGroup,
  type DemoRelease,
  DEMO_GROUPS,
  DEMO_RELEASES,
} from './demo-releases.js';
export { DemoCatalogueLoader } from './demo-catalogue.loader.js';
export { DemoModule } from './demo.module.js';
