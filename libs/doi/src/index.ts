export {
  type DataCiteAttributes,
  type DoiEvent,
  type DoiState,
  type DoiUpsertRequest,
  PidRegistrar,
  type RegisteredDoi,
} from './ports/pid-registrar.port.js';
export { type DataCiteSettings, DataCitePidRegistrar } from './adapters/datacite-pid-registrar.js';
export { UnregisteredPidRegistrar } from './adapters/unregistered-pid-registrar.js';
export { type DataCiteErrorEntry, DataCiteRejectedError, DataCiteUnavailableError } from './errors.js';
export { DOI_SUFFIX_ALPHABET, DOI_SUFFIX_PATTERN, isValidDoiSuffix, mintDoiSuffix } from './doi-suffix.js';
export { DATACITE_DOI_PATTERN, DATACITE_PREFIX_PATTERN, doiPrefixOf, isValidDoi } from './doi-syntax.js';
export { DoiModule } from './doi.module.js';
