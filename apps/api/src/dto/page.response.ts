import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * Base of a documented `Page<T>` (cursor pagination). OpenAPI has no generics, so each page gets its own
 * named class: `class FilePageDto extends PageOf(FileViewDto) {}`.
 */
export function PageOf<Item>(item: Type<Item>) {
  abstract class Page {
    @ApiProperty({ type: [item] })
    items!: Item[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last page',
    })
    nextCursor!: string | null;
  }
  return Page;
}

/** Base of a documented complete list, `{ items: T[] }`. */
export function ListOf<Item>(item: Type<Item>) {
  abstract class List {
    @ApiProperty({ type: [item] })
    items!: Item[];
  }
  return List;
}
