import { CatalogueFoundation1732400000000 } from './1732400000000-catalogue-foundation.js';
import { DoiRegistration1732500000000 } from './1732500000000-doi-registration.js';
import { OaiItems1732600000000 } from './1732600000000-oai-items.js';
import { SkyGeometry1732700000000 } from './1732700000000-sky-geometry.js';
import { SearchDocuments1732800000000 } from './1732800000000-search-documents.js';
import { Archive1732900000000 } from './1732900000000-archive.js';

/** Every migration in order. Landed migrations are never edited; add a new one instead. */
export const MIGRATIONS = [
  CatalogueFoundation1732400000000,
  DoiRegistration1732500000000,
  OaiItems1732600000000,
  SkyGeometry1732700000000,
  SearchDocuments1732800000000,
  Archive1732900000000,
];
