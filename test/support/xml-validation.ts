import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared offline validator (xmllint + the official XSDs + an XML catalog), beside the repository. */
export const VALIDATE_XML = path.resolve(REPO_ROOT, '../shared/schemas/validate-xml');

export interface XmlValidation {
  readonly valid: boolean;
  /** xmllint's messages (`… validates`, or the errors with line numbers). */
  readonly output: string;
}

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 60_000, env: process.env }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (error === null) resolve({ code: 0, output });
      else if (typeof error.code === 'number') resolve({ code: error.code, output });
      else reject(new Error(`${file} did not run: ${error.message}`, { cause: error }));
    });
  });
}

/** Outside CI a machine without xmllint skips, loudly; in CI (`CI=true`) it fails, so nothing is skipped silently. */
function unavailable(reason: string): 'skipped' {
  if (process.env['CI'] === 'true') throw new Error(`XML validation unavailable in CI: ${reason}`);
  console.warn(
    `\n!!! XML SCHEMA VALIDATION SKIPPED: ${reason}\n!!! Install xmllint (Debian: libxml2-utils) to run it.\n`,
  );
  return 'skipped';
}

/**
 * Validates `xml` against an official schema with `../shared/schemas/validate-xml` (xmllint, offline).
 * `schema` is what that script takes: `datacite` (a DataCite 4.7 resource), `harvest-all` (an OAI-PMH
 * response) or a file under its xsd/ folder such as `oai_dc.xsd` or `VOTable.xsd`.
 * Returns 'skipped' when xmllint or the script is missing (throws instead when `CI=true`).
 */
export async function validateXml(schema: string, xml: string): Promise<XmlValidation | 'skipped'> {
  try {
    await access(VALIDATE_XML, constants.X_OK);
  } catch {
    return unavailable(`${VALIDATE_XML} is missing or not executable`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'apdc-xml-'));
  try {
    const file = path.join(dir, 'document.xml');
    await writeFile(file, xml, 'utf8');
    const { code, output } = await run(VALIDATE_XML, [schema, file]);
    if (output.includes('xmllint missing')) return unavailable('xmllint is not installed');
    if (output.includes('usage: validate-xml'))
      throw new Error(`validate-xml refused its arguments: ${output}`);
    return { valid: code === 0, output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts that `xml` is valid against `schema`, with xmllint's messages and the document on failure. */
export async function expectValidXml(schema: string, xml: string): Promise<void> {
  const result = await validateXml(schema, xml);
  if (result === 'skipped') return;
  if (!result.valid) {
    const numbered = xml
      .split('\n')
      .map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
      .join('\n');
    throw new Error(`XML is not valid against ${schema}:\n${result.output}\n\nDocument:\n${numbered}`);
  }
  expect(result.valid).toBe(true);
}
