import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OaiProviderConfig } from '@apdc/oai-pmh';
import type { AppConfig } from '@apdc/platform';

export const OAI_TOKEN_SECRET_FILE = 'oai-token-secret';

/**
 * The key that signs OAI-PMH resumption tokens: derived from a random secret kept in
 * `$APDC_HOME/oai-token-secret` (created once, mode 0600), so tokens survive restarts and are valid on
 * every instance sharing the home directory, and from the home path, so two installations never share it.
 */
export function oaiTokenSecret(home: string): Buffer {
  const file = path.join(home, OAI_TOKEN_SECRET_FILE);
  mkdirSync(home, { recursive: true });
  try {
    // 'wx' fails when the file exists, so concurrent first starts keep one secret.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32)
    throw new Error(`${file} is too short to be a secret: delete it to have a new one made`);
  return createHmac('sha256', secret).update(`apdc.oai-pmh.resumption-token\u0000${home}`).digest();
}

/** `<repositoryId>` of the OAI identifiers: the public host name (`apdc.example.org`, `localhost`). */
export function oaiRepositoryId(publicUrl: string): string {
  return new URL(publicUrl).hostname.toLowerCase();
}

/**
 * Without APDC_OAI_ADMIN_EMAIL: `admin@<public host>`, or `admin@localhost.localdomain` for a host without a
 * dot, since OAI-PMH.xsd refuses an adminEmail whose domain has no dot (`admin@localhost`).
 */
export function oaiDefaultAdminEmail(publicUrl: string): string {
  const host = oaiRepositoryId(publicUrl);
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) && !/^[0-9.]+$/.test(host)
    ? `admin@${host}`
    : 'admin@localhost.localdomain';
}

/** The OAI-PMH base URL harvesters call. */
export function oaiBaseUrl(config: AppConfig): string {
  return `${config.http.publicUrl}/oai`;
}

/** The data provider's configuration, from the application's. */
export function oaiProviderConfig(config: AppConfig): OaiProviderConfig {
  return {
    repositoryId: oaiRepositoryId(config.http.publicUrl),
    repositoryName: config.publisher.name,
    adminEmails: [config.oai.adminEmail ?? oaiDefaultAdminEmail(config.http.publicUrl)],
    pageSize: config.oai.pageSize,
    tokenSecret: oaiTokenSecret(config.home),
    tokenLifetimeSeconds: 7 * 24 * 60 * 60,
    compression: ['gzip'],
  };
}
