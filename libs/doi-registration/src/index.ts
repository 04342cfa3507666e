export { DoiRegistrationService } from './doi-registration.service.js';
export { DoiRegistrationHandler } from './doi-registration.handler.js';
export { DoiRegistrationModule } from './doi-registration.module.js';
