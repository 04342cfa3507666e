import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { type GroupRole, UserAdminService } from '@apdc/access';
import { type AppConfig, loadAppConfig, newSecret } from '@apdc/platform';
import { ApiModule } from '../../apps/api/src/app.module.js';
import { configureApp } from '../../apps/api/src/configure-app.js';
import { type TestDatabase, createTestDatabase } from './test-database.js';

export interface TestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  readonly config: AppConfig;
  readonly adminToken: string;
  /** supertest agent bound to the app's HTTP server. */
  http(): ReturnType<typeof request>;
  /** Creates a user (an admin, or a member with `role` in the given groups by slug); returns their id and a token. */
  createUser(role: GroupRole | 'admin', groups?: readonly string[]): Promise<{ id: string; token: string }>;
  createGroup(slug: string, parent?: string): Promise<void>;
  close(): Promise<void>;
}

let userSequence = 0;

/** The API as it runs in production (same module, same configuration of pipes and filters) on a fresh database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const home = mkdtempSync(path.join(os.tmpdir(), 'apdc-test-home-'));
  const config = loadAppConfig({ APDC_HOME: home, DATABASE_URL: db.url, APDC_DEMO: 'false', ...env });
  const app = await NestFactory.create(
    ApiModule.forRoot({ config, dataSource: db.dataSource, databaseUrl: db.url }),
    {
      bodyParser: false,
      logger: ['error'],
    },
  );
  configureApp(app);
  await app.init();
  const adminToken = newSecret('apdc');
  await app.get(UserAdminService).bootstrapAdmin(adminToken);
  const http = (): ReturnType<typeof request> =>
    request(app.getHttpServer() as Parameters<typeof request>[0]);
  const auth = { Authorization: `Bearer ${adminToken}` };
  return {
    app,
    db,
    config,
    adminToken,
    http,
    async createUser(role, groups = []) {
      userSequence += 1;
      const user = await http()
        .post('/api/v1/users')
        .set(auth)
        .send({
          email: `user${userSequence}-${Date.now()}@example.org`,
          name: `Test user ${userSequence}`,
          admin: role === 'admin',
        })
        .expect(201);
      const id = (user.body as { id: string }).id;
      for (const group of groups) {
        await http()
          .post(`/api/v1/groups/${group}/members`)
          .set(auth)
          .send({ userId: id, role: role === 'admin' ? 'curator' : role })
          .expect(204);
      }
      const token = await http()
        .post(`/api/v1/users/${id}/tokens`)
        .set(auth)
        .send({ label: 'test' })
        .expect(201);
      return { id, token: (token.body as { token: string }).token };
    },
    async createGroup(slug, parent) {
      await http()
        .post('/api/v1/groups')
        .set(auth)
        .send({ slug, name: `Group ${slug}`, ...(parent === undefined ? {} : { parent }) })
        .expect(201);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** A complete schema.org release description. */
export function releaseMetadata(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org/',
    '@type': 'Dataset',
    name: 'KASCADE-like test release',
    description: 'Air-shower events for tests.',
    license: 'https://spdx.org/licenses/CC-BY-4.0',
    datePublished: '2024-03-01',
    keywords: ['cosmic rays', 'air showers'],
    creator: [
      {
        '@type': 'Person',
        name: 'Josiah Carberry',
        givenName: 'Josiah',
        familyName: 'Carberry',
        '@id': 'https://orcid.org/0000-0002-1825-0097',
        affiliation: [
          {
            '@type': 'Organization',
            name: 'Karlsruhe Institute of Technology',
            '@id': 'https://ror.org/04t3en479',
          },
        ],
      },
    ],
    isBasedOn: ['https://doi.org/10.7910/DVN/SCRUCD'],
    ...overrides,
  };
}

export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** A supertest body parser that keeps any body, whatever its media type, as UTF-8 text. */
export function bodyAsText(
  response: { on(event: 'data' | 'end', listener: (chunk: Buffer) => void): unknown },
  done: (error: Error | null, body: string) => void,
): void {
  let text = '';
  response.on('data', (chunk) => (text += chunk.toString('utf8')));
  response.on('end', () => done(null, text));
}

/** A supertest body parser that keeps any body, whatever its media type, as bytes. */
export function bodyAsBytes(
  response: { on(event: 'data' | 'end', listener: (chunk: Buffer) => void): unknown },
  done: (error: Error | null, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
}
