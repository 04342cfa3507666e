export { type ByteRange, ObjectStore, type StoredObject } from './ports/object-store.port.js';
export { FilesystemObjectStore } from './adapters/filesystem-object-store.js';
export { InvalidObjectKeyError, ObjectNotFoundError } from './errors.js';
export { ObjectStoreModule } from './object-store.module.js';
