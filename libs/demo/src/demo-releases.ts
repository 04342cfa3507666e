import {
  KASCADE_LIKE_COLUMNS,
  KASCADE_LIKE_MODEL,
  generateKascadeLikeEvents,
  kascadeLikeEventsCsv,
} from './kascade-like-events.js';

// The demo catalogue describes real public releases from public facts, in our own words, and links to
// where their data live; it embeds no file of theirs. Only the KASCADE-like release carries data, which
// our generator produces.

/** A group of the demo catalogue; groups form a tree through `parent`. */
export interface DemoGroup {
  /** Stable identifier, also used in URLs. */
  readonly slug: string;
  readonly name: string;
  /** Slug of the parent group, `undefined` for a top-level group. Parents come before their children. */
  readonly parent: string | undefined;
}

/** One file of a demo release, produced on demand. */
export interface DemoFile {
  /** Path inside the release, `/`-separated. */
  readonly path: string;
  /** IANA media type. */
  readonly mediaType: string;
  /** Returns the file's text in chunks to write one after the other (UTF-8); every call starts afresh. */
  readonly content: () => Iterable<string>;
}

/**
 * One version of a release of the demo catalogue.
 *
 * Versions of the same release share `key`; they appear in {@link DEMO_RELEASES} oldest first, and
 * `metadata.version` names each one.
 */
export interface DemoRelease {
  /** Stable identifier of the release, shared by all its versions. */
  readonly key: string;
  /** Slug of the owning {@link DemoGroup}. */
  readonly group: string;
  /**
   * Compact `Dataset` JSON-LD in the APDC context (schema.org terms plus ours) with the keys the catalogue
   * reads: `@context`, `@type`, `name`, `description`, `version`, `license` (SPDX URL), `datePublished`
   * (ISO 8601, possibly only year and month), `keywords`, `creator` (`Person`s with ORCID `@id` and
   * `affiliation`, or `Organization`s), and where known `isBasedOn`, `citation` (DOI URLs),
   * `temporalCoverage` (ISO 8601 interval), `skyCoverage` (`"all-sky"` or `SkyCone`/`SkyBox` regions),
   * `energyRange` (a `QuantitativeValue` with `unitText`) and `variableMeasured` (`PropertyValue`s).
   */
  readonly metadata: Record<string, unknown>;
  /** The software that produced the files, when it is ours. */
  readonly software?: { name: string; version: string };
  files: DemoFile[];
}

/** The groups of the demo catalogue, parents first. */
export const DEMO_GROUPS: readonly DemoGroup[] = [
  { slug: 'kit-iap', name: 'KIT Institute for Astroparticle Physics', parent: undefined },
  { slug: 'kascade', name: 'KASCADE collaboration', parent: 'kit-iap' },
  { slug: 'icecube', name: 'IceCube Collaboration', parent: undefined },
  { slug: 'fermi-lat', name: 'Fermi-LAT Collaboration', parent: undefined },
];

/** Our context: schema.org terms plus `skyCoverage` and `energyRange`, which schema.org lacks. */
const APDC_CONTEXT = 'https://w3id.org/apdc/context/v1';
const CC0 = 'https://spdx.org/licenses/CC0-1.0';
const CC_BY_4 = 'https://spdx.org/licenses/CC-BY-4.0';
const KCDC_PAPER = 'https://doi.org/10.1140/epjc/s10052-018-6221-2';
const ICECAT_1_DATAVERSE = 'https://doi.org/10.7910/DVN/SCRUCD';
const ICECAT_1_PAPER = 'https://doi.org/10.3847/1538-4365/acfa95';
const FERMI_3FHL_PAPER = 'https://doi.org/10.3847/1538-4365/aa8221';

const KIT = {
  '@type': 'Organization',
  name: 'Karlsruhe Institute of Technology',
  '@id': 'https://ror.org/04t3en479',
};

/** ORCID's test identity: the only ORCID the demo may use for a person. */
const JOSIAH_CARBERRY = {
  '@type': 'Person',
  name: 'Josiah Carberry',
  givenName: 'Josiah',
  familyName: 'Carberry',
  '@id': 'https://orcid.org/0000-0002-1825-0097',
  affiliation: [KIT],
};

/** Geographic latitude of KASCADE at Karlsruhe, in degrees. */
const KASCADE_LATITUDE_DEG = 49.1;

/**
 * The declinations a ground array at KASCADE's latitude sees at zenith angles up to the generator's
 * maximum, over a day: every right ascension, declinations latitude ± maximum zenith angle.
 */
const KASCADE_LIKE_SKY_COVERAGE = [
  {
    '@type': 'SkyBox',
    frame: 'icrs',
    lonMin: 0,
    lonMax: 360,
    latMin: Math.round((KASCADE_LATITUDE_DEG - KASCADE_LIKE_MODEL.maxZenithDeg) * 10) / 10,
    latMax: Math.min(90, Math.round((KASCADE_LATITUDE_DEG + KASCADE_LIKE_MODEL.maxZenithDeg) * 10) / 10),
  },
];

/** The generator's energy range (lgE is lg(E/GeV)). */
const KASCADE_LIKE_ENERGY_RANGE = {
  '@type': 'QuantitativeValue',
  minValue: 10 ** KASCADE_LIKE_MODEL.minLgE,
  maxValue: 10 ** KASCADE_LIKE_MODEL.maxLgE,
  unitText: 'GeV',
};

/** One seed for every version, so that a later version extends the events of an earlier one. */
const KASCADE_LIKE_SEED = 19_980_101;

interface KascadeLikeVersion {
  readonly version: string;
  readonly datePublished: string;
  readonly eventCount: number;
  readonly whatIsNew: string;
}

function kascadeLikeRelease({
  version,
  datePublished,
  eventCount,
  whatIsNew,
}: KascadeLikeVersion): DemoRelease {
  const generatorOptions = { count: eventCount, seed: KASCADE_LIKE_SEED };
  const description =
    `${eventCount} simulated air showers with the quantities of the KASCADE Cosmic-ray Data Centre (KCDC): ` +
    'event time, primary energy, core position, arrival direction, electron and muon numbers, shower age, ' +
    'air temperature and pressure. The events are generated, not measured: real KASCADE events may not be ' +
    'redistributed, so this sample has textbook distributions (a power-law spectrum with a knee at 4 PeV, ' +
    `a flat-array zenith distribution up to ${KASCADE_LIKE_MODEL.maxZenithDeg}°, Karlsruhe weather) for ` +
    `demonstrating the catalogue. ${whatIsNew}`;
  return {
    key: 'kascade-like-air-showers',
    group: 'kascade',
    metadata: {
      '@context': APDC_CONTEXT,
      '@type': 'Dataset',
      name: 'KASCADE-like air-shower events (simulated demo sample)',
      description,
      version,
      license: CC_BY_4,
      datePublished,
      keywords: ['cosmic rays', 'air showers', 'KASCADE', 'knee', 'simulated data'],
      creator: [JOSIAH_CARBERRY],
      citation: [KCDC_PAPER],
      temporalCoverage: kascadeLikeTimeSpan(generatorOptions),
      skyCoverage: KASCADE_LIKE_SKY_COVERAGE,
      energyRange: KASCADE_LIKE_ENERGY_RANGE,
      // Simulated, so no facility is named: only what kind of data it is.
      messenger: 'charged-cosmic-ray',
      dataLevel: 'event-list',
      variableMeasured: KASCADE_LIKE_COLUMNS.map((column) => ({
        '@type': 'PropertyValue',
        name: column.name,
        ...(column.unit === '' ? {} : { unitText: column.unit }),
        description: column.description,
      })),
    },
    software: { name: 'APDC KASCADE-like event generator', version: KASCADE_LIKE_MODEL.generatorVersion },
    files: [
      {
        path: 'kascade-like-events.csv',
        mediaType: 'text/csv',
        content: () => kascadeLikeEventsCsv(generatorOptions),
      },
      {
        path: 'README.txt',
        mediaType: 'text/plain',
        content: () => [kascadeLikeReadme(version, description, eventCount)],
      },
    ],
  };
}

/** ISO 8601 interval of the days of the first and the last event. */
function kascadeLikeTimeSpan(options: { count: number; seed: number }): string {
  let first: number | undefined;
  let last: number | undefined;
  for (const event of generateKascadeLikeEvents(options)) {
    first ??= event.Gt;
    last = event.Gt;
  }
  const day = (unixSeconds: number | undefined): string =>
    new Date((unixSeconds ?? 0) * 1000).toISOString().slice(0, 10);
  return `${day(first)}/${day(last)}`;
}

function kascadeLikeReadme(version: string, description: string, eventCount: number): string {
  const model = KASCADE_LIKE_MODEL;
  const columns = KASCADE_LIKE_COLUMNS.map(
    (column) => `  ${column.name.padEnd(6)} ${(column.unit || '-').padEnd(9)} ${column.description}`,
  );
  return [
    `KASCADE-like air-shower events, version ${version}`,
    '',
    description,
    '',
    'Files',
    `  kascade-like-events.csv  ${eventCount} events, one per line, after a header line of column names.`,
    '',
    'Columns (name, IVOA VOUnit, meaning)',
    ...columns,
    '',
    'How the events were generated',
    `  Generator version ${model.generatorVersion}, seed ${KASCADE_LIKE_SEED}; the same seed and version`,
    '  always give the same events.',
    `  Energy: dN/dE ~ E^-${model.spectralIndexBelowKnee} from lgE ${model.minLgE} to the knee at lgE ` +
      `${model.kneeLgE}, E^-${model.spectralIndexAboveKnee} above, up to lgE ${model.maxLgE} (E in GeV).`,
    `  Direction: zenith angle up to ${model.maxZenithDeg} deg from a flat array's acceptance attenuated`,
    '  with slant depth; azimuth uniform.',
    `  Core: uniform over ${2 * model.arrayHalfWidthM} m x ${2 * model.arrayHalfWidthM} m around the ` +
      'array centre.',
    '  Electron and muon numbers: power laws of the energy, attenuated with slant depth, shifted by the',
    '  mass of the primary (hydrogen to iron) and smeared.',
    `  Times: Poisson process with a mean gap of ${model.meanEventIntervalS} s, a prescaled sample.`,
    '  Weather: seasonal and daily cycles of Karlsruhe plus random weather.',
    '',
    'Real KASCADE data',
    `  The KASCADE Cosmic-ray Data Centre (KCDC) publishes the measured data; cite ${KCDC_PAPER}.`,
    '',
    'Licence',
    '  CC BY 4.0, https://creativecommons.org/licenses/by/4.0/',
    '',
  ].join('\n');
}

const ICECAT_1_DESCRIPTION =
  'The first catalogue of IceCube alert tracks: 348 track-like neutrino events of the Gold and Bronze ' +
  'alert selections, recorded with the complete IceCube detector at the South Pole from May 2011 to ' +
  'October 2023. It holds the realtime alerts sent since 2016 and the earlier events that would have ' +
  'triggered an alert, each with its best-fit direction and 90% error region, most probable neutrino ' +
  'energy, false-alarm rate and probability of astrophysical origin; it includes IceCube-170922A, the ' +
  'neutrino coincident with the blazar TXS 0506+056. The data are published on Harvard Dataverse.';

const FERMI_3FHL_DESCRIPTION =
  'The Third Catalog of Hard Fermi-LAT Sources: 1556 sources detected above 10 GeV by the Large Area ' +
  'Telescope on the Fermi Gamma-ray Space Telescope in its first 7 years of Pass 8 data, characterised ' +
  'from 10 GeV to 2 TeV with positions, fluxes, spectra, variability and associations. Most sources are ' +
  'associated with extragalactic counterparts, chiefly blazars. The catalogue is distributed by the ' +
  'Fermi Science Support Center.';

function readme(title: string, lines: readonly string[]): DemoFile {
  return {
    path: 'README.txt',
    mediaType: 'text/plain',
    content: () => [[title, '', ...lines, ''].join('\n')],
  };
}

/**
 * The releases of the demo catalogue. Versions of one release share a `key` and come oldest first:
 * the KASCADE-like release has versions 1.0 and 2.0; IceCat-1 and 3FHL have one version each.
 */
export const DEMO_RELEASES: readonly DemoRelease[] = [
  kascadeLikeRelease({
    version: '1.0',
    datePublished: '2025-01-15',
    eventCount: 5000,
    whatIsNew: 'First version.',
  }),
  kascadeLikeRelease({
    version: '2.0',
    datePublished: '2025-06-16',
    eventCount: 10_000,
    whatIsNew:
      'Version 2.0 doubles the sample; its first 5000 events are those of version 1.0, the rest continue in time.',
  }),
  {
    key: 'icecat-1',
    group: 'icecube',
    metadata: {
      '@context': APDC_CONTEXT,
      '@type': 'Dataset',
      name: 'IceCat-1: the IceCube Event Catalog of Alert Tracks',
      description: ICECAT_1_DESCRIPTION,
      version: '4.0',
      license: CC0,
      datePublished: '2023-11-09',
      keywords: ['neutrino astronomy', 'high-energy neutrinos', 'IceCube', 'alert tracks', 'multi-messenger'],
      creator: [{ '@type': 'Organization', name: 'IceCube Collaboration' }],
      isBasedOn: [ICECAT_1_DATAVERSE],
      citation: [ICECAT_1_PAPER],
      temporalCoverage: '2011-05-14/2023-10-14',
      skyCoverage: 'all-sky',
      facility: 'icecube',
      messenger: 'neutrino',
      dataLevel: 'event-list',
      // The smallest and largest most probable neutrino energy in the catalogue's ENERGY column.
      energyRange: { '@type': 'QuantitativeValue', minValue: 54, maxValue: 20_310, unitText: 'TeV' },
      variableMeasured: [
        {
          '@type': 'PropertyValue',
          name: 'RA',
          unitText: 'deg',
          description: 'Right ascension (J2000) of the best-fit direction.',
        },
        {
          '@type': 'PropertyValue',
          name: 'DEC',
          unitText: 'deg',
          description: 'Declination (J2000) of the best-fit direction.',
        },
        {
          '@type': 'PropertyValue',
          name: 'ENERGY',
          unitText: 'TeV',
          description: 'Most probable energy of the neutrino.',
        },
        {
          '@type': 'PropertyValue',
          name: 'FAR',
          unitText: 'yr**-1',
          description: 'Rate of background events expected at this energy and sky position.',
        },
        {
          '@type': 'PropertyValue',
          name: 'SIGNAL',
          description: 'Probability that the event is of astrophysical origin.',
        },
      ],
    },
    files: [
      readme('IceCat-1: the IceCube Event Catalog of Alert Tracks (description for the APDC demo)', [
        ICECAT_1_DESCRIPTION,
        '',
        'This demo release holds only this description. The catalogue (a CSV summary table and one',
        'FITS file per event with its likelihood map) is published by the IceCube Collaboration under',
        `CC0 1.0 at Harvard Dataverse: ${ICECAT_1_DATAVERSE}`,
        '',
        `Cite: IceCube Collaboration, ApJS 269, 25 (2023), ${ICECAT_1_PAPER}`,
      ]),
    ],
  },
  {
    key: 'fermi-lat-3fhl',
    group: 'fermi-lat',
    metadata: {
      '@context': APDC_CONTEXT,
      '@type': 'Dataset',
      name: '3FHL: the Third Catalog of Hard Fermi-LAT Sources',
      description: FERMI_3FHL_DESCRIPTION,
      version: '13',
      license: CC0,
      datePublished: '2017-10',
      keywords: ['gamma-ray astronomy', 'Fermi-LAT', 'source catalogue', 'blazars', 'high-energy gamma rays'],
      creator: [{ '@type': 'Organization', name: 'Fermi-LAT Collaboration' }],
      citation: [FERMI_3FHL_PAPER],
      temporalCoverage: '2008-08/2015-08',
      skyCoverage: 'all-sky',
      facility: 'fermi-lat',
      messenger: 'gamma-ray',
      dataLevel: 'source-catalogue',
      // The catalogue's analysis range (its EnergyBounds table).
      energyRange: { '@type': 'QuantitativeValue', minValue: 10, maxValue: 2000, unitText: 'GeV' },
      variableMeasured: [
        {
          '@type': 'PropertyValue',
          name: 'RAJ2000',
          unitText: 'deg',
          description: 'Right ascension (J2000).',
        },
        { '@type': 'PropertyValue', name: 'DEJ2000', unitText: 'deg', description: 'Declination (J2000).' },
        {
          '@type': 'PropertyValue',
          name: 'Flux',
          unitText: 'cm**-2.s**-1',
          description: 'Integral photon flux.',
        },
        {
          '@type': 'PropertyValue',
          name: 'Energy_Flux',
          unitText: 'erg.cm**-2.s**-1',
          description: 'Energy flux.',
        },
        {
          '@type': 'PropertyValue',
          name: 'Spectral_Index',
          description: 'Photon index of the power-law fit.',
        },
      ],
    },
    files: [
      readme('3FHL: the Third Catalog of Hard Fermi-LAT Sources (description for the APDC demo)', [
        FERMI_3FHL_DESCRIPTION,
        '',
        'This demo release holds only this description. The catalogue is a FITS file (gll_psch_v13.fit)',
        'from the Fermi Science Support Center, free of copyright restrictions (CC0 1.0).',
        '',
        `Cite: M. Ajello et al. (Fermi-LAT Collaboration), ApJS 232, 18 (2017), ${FERMI_3FHL_PAPER}`,
      ]),
    ],
  },
];
