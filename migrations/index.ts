import { CatalogueFoundation1732400000000 } from './1732400000000-catalogue-foundation.js';
import { DoiRegistration1732500000000 } from './1732500000000-doi-registration.js';
import { OaiItems1732600000000 } from './1732600000000-oai-items.js';

/** Every migration in order. Landed migrations are never edited; add a new one instead. */
export const MIGRATIONS = [
  CatalogueFoundation1732400000000,
  DoiRegistration1732500000000,
  OaiItems1732600000000,
];
