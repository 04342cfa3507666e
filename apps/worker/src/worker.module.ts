import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { JobsModule } from '@apdc/jobs';
import { type AppConfig, PlatformModule } from '@apdc/platform';

/** The worker process: job handlers only, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(options: { config: AppConfig; dataSource: DataSource; databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(options), JobsModule.forRoot({ databaseUrl: options.databaseUrl })],
    };
  }
}
