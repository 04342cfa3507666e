import { DomainError } from '@apdc/platform';

export class InvalidTokenError extends DomainError {
  readonly kind = 'unauthenticated';
  readonly code = 'access.invalid-token';
  constructor() {
    super('The API token is unknown, revoked or expired');
  }
}

export class RoleRequiredError extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'access.role-required';
  constructor(action: string, roles: readonly string[]) {
    super(`${action} needs the role ${roles.join(' or ')}`, [], { requiredRoles: roles });
  }
}

export class GroupNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'access.group-not-found';
  constructor(slug: string) {
    super(`No group ${JSON.stringify(slug)}`);
  }
}

export class UserNotFoundError extends DomainError {
  readonly kind = 'not-found';
  readonly code = 'access.user-not-found';
  constructor(id: string) {
    super(`No user ${JSON.stringify(id)}`);
  }
}

export class AlreadyExistsError extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'access.already-exists';
}
