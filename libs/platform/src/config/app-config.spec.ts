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

  it('reads the CLI settings', () => {
    expect(loadCliConfig({ APDC_URL: 'https://apdc.example.org/', APDC_TOKEN: 't' })).toEqual({
      serviceUrl: 'https://apdc.example.org',
      token: 't',
    });
    expect(() => loadCliConfig({ APDC_URL: 'ftp://x' })).toThrow(ConfigError);
  });
});
