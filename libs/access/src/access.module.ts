import { Global, Module } from '@nestjs/common';
import { AuthenticationService } from './authentication.service.js';
import { GroupRepository } from './group.repository.js';
import { GroupService } from './group.service.js';
import { UserAdminService } from './user-admin.service.js';
import { UserRepository } from './user.repository.js';

@Global()
@Module({
  providers: [AuthenticationService, GroupRepository, GroupService, UserAdminService, UserRepository],
  exports: [AuthenticationService, GroupService, UserAdminService],
})
export class AccessModule {}
