import { ApiProperty } from '@nestjs/swagger';
import type { FileView } from '@apdc/catalogue';
import { PageOf } from './page.response.js';

/** Documentation of the file view the catalogue returns (libs/catalogue/src/release.view.ts). */
export class FileViewDto implements FileView {
  @ApiProperty({ description: 'Path inside the release', example: 'data/events-2004.fits' })
  path!: string;

  @ApiProperty({ type: 'integer' })
  sizeBytes!: number;

  @ApiProperty({ example: 'application/fits' })
  mediaType!: string;

  @ApiProperty({ description: 'Hex SHA-256 of the bytes (also the download ETag)' })
  sha256!: string;

  @ApiProperty({ description: 'Hex SHA-512 of the bytes' })
  sha512!: string;

  @ApiProperty({ description: 'Only members of the owning and granted groups may download it' })
  restricted!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class FilePageDto extends PageOf(FileViewDto) {}
