import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { MetadataFormatRegistry } from './metadata-format-registry.js';
import { OaiProvider, type OaiProviderConfig } from './oai-provider.js';
import { OaiRepository } from './ports/oai-repository.port.js';

/** DI token of the {@link OaiProviderConfig}. */
export const OAI_PROVIDER_CONFIG = Symbol('OAI_PROVIDER_CONFIG');

export interface OaiPmhModuleOptions {
  readonly config: OaiProviderConfig;
  /** The implementation of the {@link OaiRepository} port, e.g. `{ provide: OaiRepository, useClass: … }`. */
  readonly repository: Provider;
  /** Modules the repository implementation needs. */
  readonly imports?: ModuleMetadata['imports'];
}

/**
 * The OAI-PMH data provider as a Nest module: exports {@link OaiProvider} and the
 * {@link MetadataFormatRegistry} (register further formats on it at start-up).
 */
@Module({})
export class OaiPmhModule {
  static forRoot(options: OaiPmhModuleOptions): DynamicModule {
    return {
      module: OaiPmhModule,
      imports: options.imports ?? [],
      providers: [
        { provide: OAI_PROVIDER_CONFIG, useValue: options.config },
        { provide: MetadataFormatRegistry, useValue: new MetadataFormatRegistry() },
        options.repository,
        {
          provide: OaiProvider,
          inject: [OaiRepository, OAI_PROVIDER_CONFIG, MetadataFormatRegistry],
          useFactory: (
            repository: OaiRepository,
            config: OaiProviderConfig,
            formats: MetadataFormatRegistry,
          ) => new OaiProvider(repository, config, formats),
        },
      ],
      exports: [OaiProvider, MetadataFormatRegistry],
    };
  }
}
