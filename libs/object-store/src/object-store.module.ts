import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@apdc/platform';
import { FilesystemObjectStore } from './adapters/filesystem-object-store.js';
import { S3ObjectStore } from './adapters/s3-object-store.js';
import { ObjectStore } from './ports/object-store.port.js';

/** An upload that has not written a byte for a day is dead. */
const STAGING_FILE_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * Provides the {@link ObjectStore} chosen by configuration: the S3 bucket when an S3 endpoint is set (the
 * application does not start unless the bucket answers), else the filesystem store.
 */
@Module({})
export class ObjectStoreModule {
  static forRoot(storage: AppConfig['storage']): DynamicModule {
    return {
      module: ObjectStoreModule,
      global: true,
      providers: [
        {
          provide: ObjectStore,
          useFactory: async (): Promise<ObjectStore> => {
            if (storage.s3 !== undefined) {
              const store = new S3ObjectStore(storage.s3);
              try {
                await store.verifyBucket();
              } catch (error) {
                store.onModuleDestroy();
                throw error;
              }
              return store;
            }
            const store = new FilesystemObjectStore(storage.objectStoreDir);
            await store.removeAbandonedStagingFiles(STAGING_FILE_MAX_AGE_MS);
            return store;
          },
        },
      ],
      exports: [ObjectStore],
    };
  }
}
