export {
  type ByteRange,
  type ObjectInfo,
  ObjectStore,
  type PutOptions,
  type RestoreState,
  type StoredObject,
} from './ports/object-store.port.js';
export { FilesystemObjectStore } from './adapters/filesystem-object-store.js';
export {
  DEFAULT_ARCHIVAL_STORAGE_CLASSES,
  S3ObjectStore,
  type S3ObjectStoreOptions,
} from './adapters/s3-object-store.js';
export { InvalidObjectKeyError, ObjectArchivedError, ObjectNotFoundError } from './errors.js';
export { ObjectStoreModule } from './object-store.module.js';
