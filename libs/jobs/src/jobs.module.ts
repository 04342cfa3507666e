import { type DynamicModule, Module } from '@nestjs/common';
import { JobQueue, PG_BOSS, startPgBoss } from './job-queue.service.js';

@Module({})
export class JobsModule {
  static forRoot(options: { databaseUrl: string }): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: PG_BOSS, useFactory: () => startPgBoss(options.databaseUrl) }, JobQueue],
      exports: [JobQueue],
    };
  }
}
