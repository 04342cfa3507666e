import { type DynamicModule, Module } from '@nestjs/common';
import { FilesystemObjectStore } from './adapters/filesystem-object-store.js';
import { ObjectStore } from './ports/object-store.port.js';

/** An upload that has not written a byte for a day is dead. */
const STAGING_FILE_MAX_AGE_MS = 24 * 3600 * 1000;

/** Provides the {@link ObjectStore} chosen by configuration (the filesystem one when no S3 endpoint is set). */
@Module({})
export class ObjectStoreModule {
  static forRoot(options: { directory: string }): DynamicModule {
    return {
      module: ObjectStoreModule,
      global: true,
      providers: [
        {
          provide: ObjectStore,
          useFactory: async () => {
            const store = new FilesystemObjectStore(options.directory);
            await store.removeAbandonedStagingFiles(STAGING_FILE_MAX_AGE_MS);
            return store;
          },
        },
      ],
      exports: [ObjectStore],
    };
  }
}
