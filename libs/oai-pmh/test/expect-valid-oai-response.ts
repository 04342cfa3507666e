import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VALIDATE_XML, expectValidXml } from '../../../test/support/xml-validation.js';

/**
 * harvest-all plus oai-identifier.xsd (absent from the shared schemas, yet demanded by the strict wildcard of
 * Identify's description), named relative to validate-xml's xsd/ folder as the script expects.
 */
const WITH_OAI_IDENTIFIER = path.relative(
  path.join(path.dirname(VALIDATE_XML), 'xsd'),
  fileURLToPath(new URL('./harvest-all-with-oai-identifier.xsd', import.meta.url)),
);

/** Asserts that an OAI-PMH response is valid against the official schemas (`harvest-all`). */
export async function expectValidOaiResponse(xml: string): Promise<void> {
  await expectValidXml(xml.includes('<oai-identifier ') ? WITH_OAI_IDENTIFIER : 'harvest-all', xml);
}
