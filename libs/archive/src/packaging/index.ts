export { APDC_BAGIT_PROFILE_ID, type ArchivalBagInput } from './archival-bag-input.js';
export { archivalBagInfo } from './archival-bag-info.js';
export { type ArchivalTagFile, archivalTagFiles } from './archival-tag-files.js';
export { renderBagReadme } from './bag-readme.js';
export { compareBagPaths, splitIntoBags } from './split-into-bags.js';
