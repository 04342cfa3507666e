import { ApiProperty } from '@nestjs/swagger';
import { GROUP_ROLES, type GroupRole, type Group, type IssuedToken, type User } from '@apdc/access';
import type { Serialized } from '../http/json-response.js';
import { ListOf, PageOf } from './page.response.js';

// Documentation of what the access services return (libs/access/src), as JSON.

export class UserDto implements Serialized<User> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'curator@kit.edu' })
  email!: string;

  @ApiProperty({ example: 'Ada Curator' })
  name!: string;

  @ApiProperty({ description: 'Administrators manage users and groups and may do anything' })
  isAdmin!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class GroupRoleDto {
  @ApiProperty({ format: 'uuid' })
  groupId!: string;

  @ApiProperty({ enum: GROUP_ROLES })
  role!: GroupRole;
}

export class MeDto extends UserDto {
  @ApiProperty({
    type: [GroupRoleDto],
    description: 'Each group whose rights the caller holds, with their role there (inherited included)',
  })
  groupRoles!: GroupRoleDto[];
}

export class GroupDto implements Serialized<Group> {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'kascade' })
  slug!: string;

  @ApiProperty({ example: 'KASCADE collaboration' })
  name!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The parent group, whose rights this one inherits',
  })
  parentSlug!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: GROUP_ROLES })
  role!: GroupRole;
}

export class IssuedTokenDto implements Serialized<IssuedToken> {
  @ApiProperty({ format: 'uuid', description: 'Id of the token, to revoke it' })
  id!: string;

  @ApiProperty({ description: 'The secret; shown only in this answer, only its digest is stored' })
  token!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
}

export class UserPageDto extends PageOf(UserDto) {}
export class GroupPageDto extends PageOf(GroupDto) {}
export class MemberListDto extends ListOf(MemberDto) {}
