export {
  ANONYMOUS,
  type DatasetAccess,
  GROUP_ROLES,
  type GroupRole,
  type Principal,
  roleRank,
} from './principal.js';
export { AccessPolicy } from './access-policy.js';
export { AuthenticationService } from './authentication.service.js';
export { type IssuedToken, UserAdminService, requireAdmin } from './user-admin.service.js';
export { GroupService } from './group.service.js';
export type { Group } from './group.repository.js';
export type { User } from './user.repository.js';
export {
  AlreadyExistsError,
  GroupNotFoundError,
  InvalidTokenError,
  RoleRequiredError,
  UserNotFoundError,
} from './errors.js';
export { AccessModule } from './access.module.js';
