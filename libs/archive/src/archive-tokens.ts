import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The archive policies loaded (and validated) at start-up: an `ArchivePolicySet`. */
export const ARCHIVE_POLICIES = Symbol('ARCHIVE_POLICIES');

/** Our BagIt profile, which every bag we write must satisfy: a `BagItProfile`. */
export const BAGIT_PROFILE = Symbol('BAGIT_PROFILE');

export const BAGIT_PROFILE_FILE = 'apdc-bagit-profile.json';

/** The software that packs, audits and repairs, as PREMIS agent and Bag-Software-Agent. */
export const ARCHIVE_SOFTWARE = { name: 'APDC', version: packageVersion() } as const;

export const ARCHIVE_AGENT = `${ARCHIVE_SOFTWARE.name} ${ARCHIVE_SOFTWARE.version}`;

function packageVersion(): string {
  // The same module runs from libs/ (tests) and from dist/libs/ (built): look upwards for package.json.
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'apdc' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not here; go up
    }
    const parent = path.dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}
