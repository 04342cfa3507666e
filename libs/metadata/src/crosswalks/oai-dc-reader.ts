import { DC_ELEMENTS, DC_NAMESPACE, OAI_DC_NAMESPACE, type DcElement } from './oai-dc.js';
import { childElements, parseXml } from './xml-text.js';

/** Every Dublin Core element of an oai_dc record, values in document order (empty when absent). */
export type OaiDcReading = Readonly<Record<DcElement, readonly string[]>>;

/**
 * Reads an `<oai_dc:dc>` element (as {@link toOaiDc} writes it, or any oai_dc record) into the values of
 * its fifteen elements. Dublin Core is flat text, so this is as far back as a round trip can go.
 */
export function readOaiDc(xml: string): OaiDcReading {
  const root = parseXml(xml);
  if (root.localName !== 'dc' || root.namespace !== OAI_DC_NAMESPACE)
    throw new Error(`Not an oai_dc record: <${root.localName}> in ${String(root.namespace)}`);
  const reading = {} as Record<DcElement, string[]>;
  for (const element of DC_ELEMENTS)
    reading[element] = childElements(root, element, DC_NAMESPACE).map((child) => child.text);
  return reading;
}
