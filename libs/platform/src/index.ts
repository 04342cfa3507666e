export {
  type AppConfig,
  type CliConfig,
  type LogLevel,
  type S3Settings,
  CONFIG_KEYS,
  ConfigError,
  loadAppConfig,
  loadCliConfig,
} from './config/app-config.js';
export {
  type DomainErrorKind,
  type Violation,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  PreconditionFailedError,
  UnauthenticatedError,
} from './errors.js';
export { Clock, SystemClock } from './clock.js';
export { isUuid, newId, newSecret } from './ids.js';
export {
  type DatabaseServer,
  ensureDatabase,
  externalPostgres,
  startEmbeddedPostgres,
} from './database/embedded-postgres.js';
export { type DataSourceParts, openDataSource, queryRows } from './database/data-source.js';
export { APP_CONFIG } from './tokens.js';
export { canonicalJson, digestOf, sha256Hex } from './canonical-json.js';
export { PlatformModule } from './platform.module.js';
export { CURSOR_KEYS, type Page, decodeCursor, encodeCursor, toPage } from './pagination.js';
export { type DatabaseRuntime, bootstrapAdminToken, closeOnSignals, openDatabaseRuntime } from './runtime.js';
export { findFreeLoopbackPort } from './free-port.js';
export { type SchemaProblem, describeSchemaError, keyPath, shownValue } from './schema-problems.js';
