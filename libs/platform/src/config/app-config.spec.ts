import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadAppConfig, loadCliConfig } from './app-config.js';

describe(loadAppConfig.name, () => {
  it('gives working defaults with an empty environment', () => {
    const sut = loadAppConfig({}, '/srv/apdc');
    expect(sut.home).toBe('/srv/apdc/.apdc');
    expect(sut.http).toEqual({ host: '127.0.0.1', port: 3000, publicUrl: 'http://localhost:3000' });
    expect(sut.database.url).toBeUndefined();
    expect(sut.storage.objectStoreDir).toBe('/srv/apdc/.apdc/objects');
    expect(sut.demo.loadWhenEmpty).toBe(true);
    expect(Object.isFrozen(sut.http)).toBe(true);
  });

  it('refuses to start and lists every bad key at once', () => {
    const env = {
      APDC_PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      APDC_DEMO: 'maybe',
      APDC_LOG_LEVEL: 'chatty',
      APDC_PROT: '3000',
      APDC_ADMIN_TOKEN: 'short',
    };
    let problems: readonly string[] = [];
    try {
      loadAppConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => problem.split(/[=:]/)[0])).toEqual([
      'APDC_PROT',
      'APDC_PORT',
      'DATABASE_URL',
      'APDC_DEMO',
      'APDC_LOG_LEVEL',
      'APDC_ADMIN_TOKEN',
    ]);
  });

  it('reads the S3 and archive settings, and refuses half of a credential pair or a bad class name', () => {
    const sut = loadAppConfig(
      {
        S3_ENDPOINT: 'http://127.0.0.1:9000/',
        S3_BUCKET: 'apdc-archive',
        S3_ACCESS_KEY_ID: 'key',
        S3_SECRET_ACCESS_KEY: 'secret',
        APDC_S3_ARCHIVAL_STORAGE_CLASSES: 'DEEP_ARCHIVE, GRIDKA_TAPE',
        APDC_ARCHIVE_RESTORE_DAYS: '3',
      },
      '/srv/apdc',
    );
    expect(sut.storage.s3).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'apdc-archive',
      region: 'us-east-1',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      forcePathStyle: true,
      partSizeBytes: 16 * 1024 * 1024,
      archivalStorageClasses: ['DEEP_ARCHIVE', 'GRIDKA_TAPE'],
    });
    expect(sut.archive).toEqual({
      policiesDir: '/srv/apdc/archive-policies',
      restoreDays: 3,
      auditSweepSeconds: 600,
      restorePollSeconds: 60,
    });
    expect(loadAppConfig({}, '/srv/apdc').storage.s3).toBeUndefined();
    let problems: readonly string[] = [];
    try {
      loadAppConfig({
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_ACCESS_KEY_ID: 'key',
        S3_BUCKET: 'Bad_Bucket',
        APDC_S3_ARCHIVAL_STORAGE_CLASSES: 'tape',
        APDC_S3_PART_SIZE_MB: '4',
      });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems.map((problem) => problem.split(/[=:]/)[0]).sort()).toEqual([
      'APDC_S3_ARCHIVAL_STORAGE_CLASSES',
      'APDC_S3_PART_SIZE_MB',
      'S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY',
      'S3_BUCKET',
    ]);
  });

  it('reads the CLI settings', () => {
    expect(loadCliConfig({ APDC_URL: 'https://apdc.example.org/', APDC_TOKEN: 't' })).toEqual({
      serviceUrl: 'https://apdc.example.org',
      token: 't',
    });
    expect(() => loadCliConfig({ APDC_URL: 'ftp://x' })).toThrow(ConfigError);
  });
});
