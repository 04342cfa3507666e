export {
  type ArchiveCopyPolicy,
  type ArchivePolicy,
  ArchivePolicyError,
  type ArchivePolicySet,
  type ArchivePolicySubject,
} from './archive-policy.js';
export { archivePolicySet, loadArchivePolicies, MIN_BAG_BYTES } from './load-archive-policies.js';
export { shippedArchivePoliciesDir } from './archive-policy-schema.js';
export { ISO_DURATION_PATTERN, SECONDS_PER_UNIT, parseIsoDuration } from './iso-duration.js';
export { BYTE_SIZE_PATTERN, BYTE_UNITS, formatByteSize, parseByteSize } from './byte-size.js';
