import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mintDoiSuffix } from '@apdc/doi';
import { APP_CONFIG, type AppConfig, queryRows } from '@apdc/platform';

const ATTEMPTS = 20;

/** Mints DOIs under the configured prefix; every suffix is recorded forever, so none is ever reused. */
@Injectable()
export class DoiMinter {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async mint(manager: EntityManager): Promise<string> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const suffix = mintDoiSuffix();
      const inserted = await queryRows(
        manager,
        `INSERT INTO minted_doi_suffixes (suffix) VALUES ($1) ON CONFLICT DO NOTHING RETURNING suffix`,
        [suffix],
      );
      if (inserted.length > 0) return `${this.config.doi.prefix}/${suffix}`.toLowerCase();
    }
    throw new Error(`no unused DOI suffix after ${ATTEMPTS} attempts`);
  }
}
