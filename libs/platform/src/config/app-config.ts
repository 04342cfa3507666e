import path from 'node:path';

/** Typed configuration, by concern. Parsed once from the environment; frozen. */
export interface AppConfig {
  readonly home: string;
  readonly http: { readonly host: string; readonly port: number; readonly publicUrl: string };
  /** The data centre as publisher of every release (DataCite publisher, schema.org publisher). */
  readonly publisher: { readonly name: string; readonly ror: string | null };
  /** The OAI-PMH data provider at /oai. */
  readonly oai: { readonly pageSize: number; readonly adminEmail: string | undefined };
  /** DOI registration; `datacite` is absent when no DataCite endpoint is configured (DOIs stay unregistered). */
  readonly doi: {
    readonly prefix: string;
    readonly datacite:
      { readonly url: string; readonly username: string; readonly password: string } | undefined;
  };
  readonly database: {
    /** Set when an external PostgreSQL is used; absent means the embedded server under `home`. */
    readonly url: string | undefined;
    readonly embeddedPort: number;
  };
  readonly storage: {
    readonly objectStoreDir: string;
    /** Set when the object store is an S3 endpoint; absent means the filesystem store under `objectStoreDir`. */
    readonly s3: S3Settings | undefined;
  };
  /** The long-term archive: BagIt packages placed as its policies say, audited for fixity. */
  readonly archive: {
    /** Directory of the archive policies (YAML) and the BagIt profile. */
    readonly policiesDir: string;
    /** Days a copy recalled from tape stays readable. */
    readonly restoreDays: number;
    /** How often the workers look for copies whose fixity audit is due. */
    readonly auditSweepSeconds: number;
    /** How often a waiting recall from tape is checked. */
    readonly restorePollSeconds: number;
  };
  /** Catalogue search: PostgreSQL full-text unless an Elasticsearch cluster is configured. */
  readonly search: {
    readonly elasticsearch:
      { readonly url: string; readonly apiKey: string | undefined; readonly indexPrefix: string } | undefined;
    /** Compare the index with the database when the workers start, and repair what differs. */
    readonly verifyOnStart: boolean;
  };
  readonly uploads: { readonly maxFileBytes: number };
  readonly jobs: { readonly runWorkersInApi: boolean };
  readonly demo: { readonly loadWhenEmpty: boolean };
  readonly auth: { readonly bootstrapAdminToken: string | undefined };
  readonly logLevel: LogLevel;
}

export interface S3Settings {
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Absent: the AWS SDK's default credential chain (environment, profile, instance role). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  readonly forcePathStyle: boolean;
  readonly partSizeBytes: number;
  /** Storage classes whose objects must be recalled (restored) before they can be read: the site's tape. */
  readonly archivalStorageClasses: readonly string[];
}

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Every key the service reads, with its meaning; `.env.example` and the README list the same keys. */
export const CONFIG_KEYS = {
  APDC_HOME: 'directory for the embedded database, object store and generated secrets (default ./.apdc)',
  APDC_HOST: 'interface the HTTP server listens on (default 127.0.0.1)',
  APDC_PORT: 'HTTP port (default 3000)',
  APDC_PUBLIC_URL: 'base URL under which users reach the service (default http://localhost:<port>)',
  DATABASE_URL: 'postgres:// URL of an external PostgreSQL; unset starts the embedded PostgreSQL',
  APDC_PUBLISHER_NAME:
    'name of the data centre as publisher of releases (default Astroparticle Physics Data Centre (APDC))',
  APDC_PUBLISHER_ROR: 'ROR id of the publishing organisation, e.g. 04t3en479 (default none)',
  APDC_OAI_PAGE_SIZE: 'records per OAI-PMH list response before a resumption token (default 100)',
  APDC_OAI_ADMIN_EMAIL: 'contact address announced by OAI-PMH Identify (default admin@<public host>)',
  APDC_DOI_PREFIX: 'DOI prefix of the data centre (default 10.5072, the DataCite test prefix)',
  APDC_DATACITE_URL:
    'DataCite REST API base URL, e.g. https://api.test.datacite.org (default: DOIs are minted but not registered)',
  APDC_DATACITE_USER: 'DataCite repository id (with APDC_DATACITE_URL)',
  APDC_DATACITE_PASSWORD: 'DataCite repository password (with APDC_DATACITE_URL)',
  ELASTICSEARCH_URL:
    'http(s) URL of an Elasticsearch cluster for the catalogue search; unset searches with PostgreSQL full-text',
  APDC_ELASTICSEARCH_API_KEY: 'API key sent to Elasticsearch (with ELASTICSEARCH_URL; default none)',
  APDC_ELASTICSEARCH_INDEX_PREFIX: 'prefix of the Elasticsearch index names and alias (default apdc)',
  APDC_SEARCH_VERIFY_ON_START:
    'when the workers start, compare the search index with the database and repair differences (default true)',
  APDC_EMBEDDED_PG_PORT: 'port of the embedded PostgreSQL (default 54320)',
  APDC_OBJECT_STORE_DIR: 'directory of the filesystem object store (default $APDC_HOME/objects)',
  S3_ENDPOINT: 'http(s) URL of an S3-compatible object store; unset stores objects on the filesystem',
  S3_BUCKET: 'bucket for files and archive copies (with S3_ENDPOINT; default apdc)',
  S3_REGION: 'region sent to the S3 endpoint (default us-east-1)',
  S3_ACCESS_KEY_ID: 'S3 access key (with S3_SECRET_ACCESS_KEY; default: the AWS SDK credential chain)',
  S3_SECRET_ACCESS_KEY: 'S3 secret key (with S3_ACCESS_KEY_ID)',
  S3_FORCE_PATH_STYLE: 'address the bucket in the path rather than the host name (default true)',
  APDC_S3_PART_SIZE_MB: 'part size of multipart uploads in MiB, 5 to 512 (default 16)',
  APDC_S3_ARCHIVAL_STORAGE_CLASSES:
    'comma-separated storage classes kept on tape, read only after a restore (default GLACIER,DEEP_ARCHIVE)',
  APDC_ARCHIVE_POLICIES_DIR:
    'directory of the archive policies and BagIt profile (default ./archive-policies)',
  APDC_ARCHIVE_RESTORE_DAYS: 'days a copy recalled from tape stays readable (default 7)',
  APDC_ARCHIVE_AUDIT_SWEEP_SECONDS: 'how often workers look for due fixity audits (default 600)',
  APDC_ARCHIVE_RESTORE_POLL_SECONDS: 'how often a waiting recall from tape is checked (default 60)',
  APDC_MAX_FILE_BYTES: 'largest accepted upload of one file in bytes (default 68719476736 = 64 GiB)',
  APDC_WORKERS_IN_API: 'run the job workers inside the API process (default true)',
  APDC_DEMO: 'load the demo catalogue into an empty database (default true)',
  APDC_ADMIN_TOKEN:
    'API token given to the bootstrap admin on first start (default: generated, written to $APDC_HOME/admin-token)',
  APDC_LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')} (default log)`,
  APDC_URL: 'CLI only: base URL of the service the apdc command talks to (default http://localhost:3000)',
  APDC_TOKEN: 'CLI only: API token the apdc command sends',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(key: keyof typeof CONFIG_KEYS, fallback: string): string {
    const value = this.env[key];
    return value === undefined || value === '' ? fallback : value;
  }

  optional(key: keyof typeof CONFIG_KEYS): string | undefined {
    const value = this.env[key];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(key: keyof typeof CONFIG_KEYS, fallback: number, min: number, max: number): number {
    const raw = this.optional(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push(`${key}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(key: keyof typeof CONFIG_KEYS, fallback: boolean): boolean {
    const raw = this.optional(key)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    this.problems.push(`${key}=${JSON.stringify(raw)}: expected true or false`);
    return fallback;
  }

  url(key: keyof typeof CONFIG_KEYS, protocols: readonly string[]): string | undefined {
    const raw = this.optional(key);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${key}: expected a URL with scheme ${protocols.join(' or ')}`);
        return undefined;
      }
      return raw;
    } catch {
      this.problems.push(`${key}: not a valid URL`);
      return undefined;
    }
  }

  oneOf<T extends string>(key: keyof typeof CONFIG_KEYS, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(key);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${key}=${JSON.stringify(raw)}: expected one of ${allowed.join(', ')}`);
    return fallback;
  }
}

const APDC_PREFIXED_KEY = /^APDC_/;

/**
 * Parses the environment into an {@link AppConfig}. Throws a {@link ConfigError} that lists every bad key,
 * including unknown `APDC_*` keys (most often typos), so that a misconfigured service never starts.
 */
export function loadAppConfig(env: Env, cwd: string = process.cwd()): AppConfig {
  const read = new EnvReader(env);
  for (const key of Object.keys(env)) {
    if (APDC_PREFIXED_KEY.test(key) && !(key in CONFIG_KEYS) && !key.startsWith('APDC_TEST_')) {
      read.problems.push(`${key}: unknown key (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    }
  }
  const home = path.resolve(cwd, read.string('APDC_HOME', '.apdc'));
  const port = read.integer('APDC_PORT', 3000, 0, 65535);
  const publicUrl = read.url('APDC_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const config: AppConfig = {
    home,
    http: { host: read.string('APDC_HOST', '127.0.0.1'), port, publicUrl: publicUrl.replace(/\/+$/, '') },
    oai: {
      pageSize: read.integer('APDC_OAI_PAGE_SIZE', 100, 1, 10_000),
      adminEmail: read.optional('APDC_OAI_ADMIN_EMAIL'),
    },
    doi: {
      prefix: read.string('APDC_DOI_PREFIX', '10.5072'),
      datacite: dataciteSettings(read),
    },
    publisher: {
      name: read.string('APDC_PUBLISHER_NAME', 'Astroparticle Physics Data Centre (APDC)'),
      ror: read.optional('APDC_PUBLISHER_ROR') ?? null,
    },
    database: {
      url: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
      embeddedPort: read.integer('APDC_EMBEDDED_PG_PORT', 54320, 1, 65535),
    },
    storage: {
      objectStoreDir: path.resolve(home, read.string('APDC_OBJECT_STORE_DIR', path.join(home, 'objects'))),
      s3: s3Settings(read),
    },
    archive: {
      policiesDir: path.resolve(cwd, read.string('APDC_ARCHIVE_POLICIES_DIR', 'archive-policies')),
      restoreDays: read.integer('APDC_ARCHIVE_RESTORE_DAYS', 7, 1, 365),
      auditSweepSeconds: read.integer('APDC_ARCHIVE_AUDIT_SWEEP_SECONDS', 600, 1, 7 * 24 * 3600),
      restorePollSeconds: read.integer('APDC_ARCHIVE_RESTORE_POLL_SECONDS', 60, 1, 24 * 3600),
    },
    search: {
      elasticsearch: elasticsearchSettings(read),
      verifyOnStart: read.boolean('APDC_SEARCH_VERIFY_ON_START', true),
    },
    uploads: {
      maxFileBytes: read.integer('APDC_MAX_FILE_BYTES', 64 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
    },
    jobs: { runWorkersInApi: read.boolean('APDC_WORKERS_IN_API', true) },
    demo: { loadWhenEmpty: read.boolean('APDC_DEMO', true) },
    auth: { bootstrapAdminToken: read.optional('APDC_ADMIN_TOKEN') },
    logLevel: read.oneOf('APDC_LOG_LEVEL', LOG_LEVELS, 'log'),
  };
  if (!/^10\.\d{4,9}$/.test(config.doi.prefix))
    read.problems.push('APDC_DOI_PREFIX: expected a DOI prefix such as 10.5072');
  if (config.publisher.ror !== null && !/^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$/.test(config.publisher.ror)) {
    read.problems.push('APDC_PUBLISHER_ROR: expected a ROR id such as 04t3en479');
  }
  if (config.auth.bootstrapAdminToken !== undefined && config.auth.bootstrapAdminToken.length < 24) {
    read.problems.push('APDC_ADMIN_TOKEN: must be at least 24 characters long');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return deepFreeze(config);
}

function elasticsearchSettings(read: EnvReader): AppConfig['search']['elasticsearch'] {
  const url = read.url('ELASTICSEARCH_URL', ['http:', 'https:']);
  const apiKey = read.optional('APDC_ELASTICSEARCH_API_KEY');
  const indexPrefix = read.string('APDC_ELASTICSEARCH_INDEX_PREFIX', 'apdc');
  if (!/^[a-z0-9][a-z0-9_-]{0,99}$/.test(indexPrefix)) {
    read.problems.push(
      'APDC_ELASTICSEARCH_INDEX_PREFIX: lower-case letters, digits, "-" and "_" only, starting with a letter or digit',
    );
  }
  if (url === undefined) {
    if (apiKey !== undefined) read.problems.push('APDC_ELASTICSEARCH_API_KEY: set ELASTICSEARCH_URL too');
    return undefined;
  }
  return { url, apiKey, indexPrefix };
}

function s3Settings(read: EnvReader): S3Settings | undefined {
  const endpoint = read.url('S3_ENDPOINT', ['http:', 'https:']);
  const bucket = read.string('S3_BUCKET', 'apdc');
  const accessKeyId = read.optional('S3_ACCESS_KEY_ID');
  const secretAccessKey = read.optional('S3_SECRET_ACCESS_KEY');
  const partSizeMiB = read.integer('APDC_S3_PART_SIZE_MB', 16, 5, 512);
  const archivalStorageClasses = read
    .string('APDC_S3_ARCHIVAL_STORAGE_CLASSES', 'GLACIER,DEEP_ARCHIVE')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (archivalStorageClasses.some((name) => !/^[A-Z][A-Z0-9_]{1,63}$/.test(name))) {
    read.problems.push(
      'APDC_S3_ARCHIVAL_STORAGE_CLASSES: upper-case storage class names separated by commas',
    );
  }
  const forcePathStyle = read.boolean('S3_FORCE_PATH_STYLE', true);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    read.problems.push(
      'S3_BUCKET: 3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
    );
  }
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    read.problems.push('S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: set both or neither');
  }
  if (endpoint === undefined) return undefined;
  return {
    endpoint: endpoint.replace(/\/+$/, ''),
    bucket,
    region: read.string('S3_REGION', 'us-east-1'),
    credentials:
      accessKeyId === undefined || secretAccessKey === undefined
        ? undefined
        : { accessKeyId, secretAccessKey },
    forcePathStyle,
    partSizeBytes: partSizeMiB * 1024 * 1024,
    archivalStorageClasses,
  };
}

function dataciteSettings(read: EnvReader): AppConfig['doi']['datacite'] {
  const url = read.url('APDC_DATACITE_URL', ['http:', 'https:']);
  const username = read.optional('APDC_DATACITE_USER');
  const password = read.optional('APDC_DATACITE_PASSWORD');
  if (url === undefined) {
    if (username !== undefined || password !== undefined) {
      read.problems.push('APDC_DATACITE_USER/APDC_DATACITE_PASSWORD: set APDC_DATACITE_URL too');
    }
    return undefined;
  }
  if (username === undefined || password === undefined) {
    read.problems.push('APDC_DATACITE_URL: needs APDC_DATACITE_USER and APDC_DATACITE_PASSWORD');
    return undefined;
  }
  return { url: url.replace(/\/+$/, ''), username, password };
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** What the `apdc` command needs: where the service is and who is asking. */
export interface CliConfig {
  readonly serviceUrl: string;
  readonly token: string | undefined;
}

export function loadCliConfig(env: Env): CliConfig {
  const read = new EnvReader(env);
  const serviceUrl = read.url('APDC_URL', ['http:', 'https:']) ?? 'http://localhost:3000';
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze({ serviceUrl: serviceUrl.replace(/\/+$/, ''), token: read.optional('APDC_TOKEN') });
}
