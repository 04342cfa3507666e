import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AlreadyExistsError, GroupService, type Principal } from '@apdc/access';
import { DatasetService, FileService, PublicationService, VersionService } from '@apdc/catalogue';
import { DEMO_GROUPS, DEMO_RELEASES } from './demo-releases.js';

/**
 * Fills an empty catalogue with the demo releases through the same services curators use, so that a
 * newcomer sees a living catalogue (groups, several versions, files with checksums) at once.
 */
@Injectable()
export class DemoCatalogueLoader {
  private readonly logger = new Logger(DemoCatalogueLoader.name);

  constructor(
    private readonly groups: GroupService,
    private readonly datasets: DatasetService,
    private readonly versions: VersionService,
    private readonly files: FileService,
    private readonly publication: PublicationService,
  ) {}

  /** Loads the demo catalogue unless the catalogue has datasets already; returns whether it loaded. */
  async loadIntoEmptyCatalogue(admin: Principal): Promise<boolean> {
    if (!(await this.datasets.isEmpty())) return false;
    for (const group of DEMO_GROUPS) {
      try {
        await this.groups.createGroup(admin, { slug: group.slug, name: group.name, parent: group.parent });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
      }
    }
    const datasetIdOfKey = new Map<string, string>();
    for (const release of DEMO_RELEASES) {
      let datasetId = datasetIdOfKey.get(release.key);
      let number: number;
      if (datasetId === undefined) {
        const dataset = await this.datasets.create(admin, { group: release.group });
        datasetId = dataset.id;
        datasetIdOfKey.set(release.key, datasetId);
        number = 1;
      } else {
        number = (await this.versions.createNext(admin, datasetId)).number;
      }
      await this.versions.setMetadata(admin, datasetId, number, release.metadata);
      if (release.software !== undefined) {
        await this.versions.updateSettings(admin, datasetId, number, { software: release.software });
      }
      for (const file of release.files) {
        await this.files.upload(admin, datasetId, number, {
          path: file.path,
          body: Readable.from(file.content(), { objectMode: false }),
          mediaType: file.mediaType,
          contentLength: undefined,
          declared: {},
          restricted: false,
        });
      }
      await this.publication.publish(admin, datasetId, number);
      this.logger.log(`demo release ${release.key} version ${number} published`);
    }
    return true;
  }
}
