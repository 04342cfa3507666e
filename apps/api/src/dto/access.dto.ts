import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { GROUP_ROLES, type GroupRole } from '@apdc/access';

export class CreateUserDto {
  @ApiProperty({ example: 'curator@kit.edu' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'Ada Curator' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Administrators manage users and groups and may do anything',
  })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;
}

export class IssueTokenDto {
  @ApiProperty({ example: 'laptop' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  label!: string;

  @ApiPropertyOptional({ description: 'ISO 8601 date-time after which the token no longer works' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class CreateGroupDto {
  @ApiProperty({ example: 'kascade' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  slug!: string;

  @ApiProperty({ example: 'KASCADE collaboration' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    description: 'Slug of the parent group, whose rights this group inherits',
    example: 'kit-iap',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/)
  parent?: string;
}

export class SetMemberDto {
  @ApiProperty()
  @IsUUID()
  userId!: string;

  @ApiProperty({
    enum: GROUP_ROLES,
    description: 'reader: protected data; depositor: also drafts; curator: also publish and withdraw',
  })
  @IsIn(GROUP_ROLES)
  role!: GroupRole;
}
