export { OAI_ERROR_CODES, OaiError, type OaiErrorCode } from './errors.js';
export {
  OAI_VERBS,
  type OaiDateArgument,
  type OaiListVerb,
  type OaiRequest,
  type OaiRequestContext,
  type OaiVerb,
  localIdOf,
  parseOaiDate,
  parseOaiRequest,
} from './oai-request.js';
export {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  type ResumptionState,
  ResumptionTokenCodec,
} from './resumption-token.js';
export {
  DATACITE_FORMAT,
  MetadataFormatRegistry,
  OAI_DC_FORMAT,
  type OaiMetadataFormat,
} from './metadata-format-registry.js';
export {
  OAI_PMH_NAMESPACE,
  type OaiHandleOptions,
  OaiProvider,
  type OaiProviderConfig,
} from './oai-provider.js';
export {
  type OaiCursor,
  type OaiItem,
  type OaiItemWithRecord,
  OaiRepository,
  type OaiSelection,
  type OaiSet,
} from './ports/oai-repository.port.js';
export { OAI_PROVIDER_CONFIG, OaiPmhModule, type OaiPmhModuleOptions } from './oai-pmh.module.js';
