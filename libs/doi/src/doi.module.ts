import { type DynamicModule, Module } from '@nestjs/common';
import { type DataCiteSettings, DataCitePidRegistrar } from './adapters/datacite-pid-registrar.js';
import { UnregisteredPidRegistrar } from './adapters/unregistered-pid-registrar.js';
import { PidRegistrar } from './ports/pid-registrar.port.js';

/**
 * Provides the {@link PidRegistrar} chosen by configuration: DataCite when `datacite` is set
 * (`config.doi.datacite`), otherwise the one that registers nothing.
 */
@Module({})
export class DoiModule {
  static forRoot(options: { datacite: DataCiteSettings | undefined }): DynamicModule {
    const { datacite } = options;
    return {
      module: DoiModule,
      global: true,
      providers: [
        {
          provide: PidRegistrar,
          useFactory: (): PidRegistrar =>
            datacite === undefined ? new UnregisteredPidRegistrar() : new DataCitePidRegistrar(datacite),
        },
      ],
      exports: [PidRegistrar],
    };
  }
}
