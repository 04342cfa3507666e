import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { VALIDATE_XML, expectValidXml, validateXml } from './xml-validation.js';

const DATACITE_EXAMPLES = path.resolve(path.dirname(VALIDATE_XML), 'datacite-4.7/example');

describe(validateXml.name, () => {
  it('accepts the official DataCite 4.7 full example (the validator works)', async () => {
    const xml = await readFile(path.join(DATACITE_EXAMPLES, 'datacite-example-full-v4.xml'), 'utf8');
    await expectValidXml('datacite', xml);
  });

  it('rejects a broken DataCite document, naming the problem (the validator can fail)', async () => {
    const example = await readFile(path.join(DATACITE_EXAMPLES, 'datacite-example-dataset-v4.xml'), 'utf8');
    const broken = example
      .replace(/<identifier identifierType="DOI">[^<]*<\/identifier>/, '') // mandatory
      .replace(/resourceTypeGeneral="Dataset"/, 'resourceTypeGeneral="Spreadsheet"'); // not in the list
    expect(broken).not.toBe(example);
    const result = await validateXml('datacite', broken);
    if (result === 'skipped') return;
    expect(result.valid).toBe(false);
    expect(result.output).toMatch(/Spreadsheet/);
    expect(result.output).toMatch(/identifier/);
    await expect(expectValidXml('datacite', broken)).rejects.toThrow(/not valid against datacite/);
  });

  it('rejects an oai_dc record with an element Dublin Core does not have', async () => {
    const xml =
      '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<dc:title>t</dc:title><dc:author>x</dc:author></oai_dc:dc>';
    const result = await validateXml('oai_dc.xsd', xml);
    if (result === 'skipped') return;
    expect(result.valid).toBe(false);
    expect(result.output).toMatch(/author/);
  });

  it('skips loudly without xmllint, and fails instead when CI=true', async () => {
    // A PATH with the script's other tools but no xmllint.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'apdc-no-xmllint-'));
    const tools = execFileSync('bash', ['-c', 'command -v bash env grep sed dirname'], { encoding: 'utf8' });
    for (const tool of tools.trim().split('\n')) await symlink(tool, path.join(bin, path.basename(tool)));
    const saved = { PATH: process.env['PATH'], CI: process.env['CI'] };
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      process.env['PATH'] = bin;
      delete process.env['CI'];
      expect(await validateXml('datacite', '<a/>')).toBe('skipped');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('XML SCHEMA VALIDATION SKIPPED'));
      process.env['CI'] = 'true';
      await expect(validateXml('datacite', '<a/>')).rejects.toThrow(
        /unavailable in CI: xmllint is not installed/,
      );
    } finally {
      warn.mockRestore();
      process.env['PATH'] = saved.PATH;
      if (saved.CI === undefined) delete process.env['CI'];
      else process.env['CI'] = saved.CI;
      await rm(bin, { recursive: true, force: true });
    }
  });
});
