/** Our BagIt 1.0 (RFC 8493) library: writer, validator, profiles, and the tar serialization of bags. */
export {
  BAG_DIGEST_ALGORITHMS,
  BAG_READABLE_ALGORITHMS,
  type BagDigestAlgorithm,
  type BagReadableAlgorithm,
} from './bag-digest.js';
export { BAGIT_VERSION, formatBagSize, parseTagFile, serialiseBagInfo } from './bag-info.js';
export { decodeBagPath, encodeBagPath } from './bag-path.js';
export type { BagFetchEntry, BagPayloadFile, BagPlan, BagTagFile, BagWriteResult } from './bag-plan.js';
export { packBagAsTar, tarBagSize, writeBagToDirectory } from './bag-writer.js';
export type { BagProblem, BagProblemCode } from './bag-problem.js';
export type { BagValidationOptions, BagValidationReport } from './bag-assessment.js';
export { validateBagDirectory, validateBagTar } from './bag-validator.js';
export {
  type BagInfoTagRule,
  type BagItProfile,
  type BagItProfileInfo,
  type BagSerializationRule,
  parseBagItProfile,
} from './bagit-profile.js';
export { extractFromTar } from './tar-extract.js';
export {
  BagDirectoryNotEmptyError,
  BagItProfileError,
  BagPlanError,
  BagSourceMismatchError,
  BagSourceSizeError,
  TarFormatError,
} from './errors.js';
