export { type AuditEntry, type AuditEntryInput, AuditLog } from './audit-log.js';
export { AuditModule } from './audit.module.js';
