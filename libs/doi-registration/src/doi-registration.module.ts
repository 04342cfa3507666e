import { Module } from '@nestjs/common';
import { CatalogueModule } from '@apdc/catalogue';
import { DoiRegistrationService } from './doi-registration.service.js';

/** DOI registration use case; needs the PidRegistrar from DoiModule.forRoot. */
@Module({
  imports: [CatalogueModule],
  providers: [DoiRegistrationService],
  exports: [DoiRegistrationService],
})
export class DoiRegistrationModule {}
