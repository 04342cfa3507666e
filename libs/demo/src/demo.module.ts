import { Module } from '@nestjs/common';
import { CatalogueModule } from '@apdc/catalogue';
import { DemoCatalogueLoader } from './demo-catalogue.loader.js';

@Module({ imports: [CatalogueModule], providers: [DemoCatalogueLoader], exports: [DemoCatalogueLoader] })
export class DemoModule {}
