import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from './clock.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './tokens.js';

/** Provides what every module may inject: the configuration, the data source and the clock. */
@Module({})
export class PlatformModule {
  static forRoot(options: { config: AppConfig; dataSource: DataSource; clock?: Clock }): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: DataSource, useValue: options.dataSource },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [APP_CONFIG, DataSource, Clock],
    };
  }
}
