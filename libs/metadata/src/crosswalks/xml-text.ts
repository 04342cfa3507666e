/**
 * The little XML the crosswalks need: escaping, an indenting string writer, and a namespace-aware reader
 * (fast-xml-parser underneath) for the round-trip readers. Kept tiny on purpose: crosswalk output is a
 * handful of known elements, so a builder library would add more surface than it saves.
 */
import { XMLParser } from 'fast-xml-parser';

/**
 * Characters XML 1.0 forbids anywhere, even as character references: C0 controls other than tab, LF
 * and CR, lone surrogates, U+FFFE and U+FFFF. Curators paste text from PDFs and terminals, so these do
 * turn up; they are dropped rather than rejected because they never carry meaning.
 */
const ILLEGAL_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `value` without the characters XML 1.0 cannot represent. */
export function stripIllegalXmlChars(value: string): string {
  return value.replace(ILLEGAL_XML_CHARS, '');
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR would be normalised to LF by every parser, and tab/LF in an attribute to a space.
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Escapes element content: markup characters, quotes and CR; illegal characters are dropped. */
export function escapeXmlText(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

/** Escapes an attribute value, keeping tabs and line breaks through attribute-value normalisation. */
export function escapeXmlAttribute(value: string): string {
  return stripIllegalXmlChars(value).replace(/[&<>"'\r\n\t]/g, (c) => ESCAPES[c] ?? c);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references, in one pass (no double decoding). */
export function decodeXmlEntities(value: string): string {
  return value.replace(/&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));/g, (match, hex, dec, name) => {
    if (typeof hex === 'string') return String.fromCodePoint(Number.parseInt(hex, 16));
    if (typeof dec === 'string') return String.fromCodePoint(Number.parseInt(dec, 10));
    return typeof name === 'string' ? (NAMED_ENTITIES[name] ?? match) : match;
  });
}

/** Attribute values; `undefined` and `null` leave the attribute out. */
export type XmlAttributes = Readonly<Record<string, string | number | null | undefined>>;

function attributeList(attributes: XmlAttributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return out;
}

/** Writes indented XML line by line; every value goes through the escaping above. */
export class XmlWriter {
  private readonly lines: string[] = [];
  private readonly open: string[] = [];

  constructor(private readonly indent = '  ') {}

  /** A line of raw markup, e.g. the XML declaration. */
  raw(markup: string): this {
    this.lines.push(this.indent.repeat(this.open.length) + markup);
    return this;
  }

  start(name: string, attributes: XmlAttributes = {}): this {
    this.raw(`<${name}${attributeList(attributes)}>`);
    this.open.push(name);
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlWriter: end() without start()');
    return this.raw(`</${name}>`);
  }

  /** An element with text content, or an empty element when `text` is empty. */
  leaf(name: string, attributes: XmlAttributes, text: string): this {
    const escaped = escapeXmlText(text);
    return this.raw(
      escaped === ''
        ? `<${name}${attributeList(attributes)}/>`
        : `<${name}${attributeList(attributes)}>${escaped}</${name}>`,
    );
  }

  /** A wrapper element around `items`, left out entirely when there are none. */
  list<T>(wrapper: string, items: readonly T[], write: (item: T) => void): this {
    if (items.length === 0) return this;
    this.start(wrapper);
    for (const item of items) write(item);
    return this.end();
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlWriter: unclosed <${this.open.join('>, <')}>`);
    return this.lines.join('\n') + '\n';
  }
}

/** A parsed element with namespaces resolved. */
export interface XmlElement {
  /** Namespace URI, or null for an unqualified name. */
  readonly namespace: string | null;
  readonly localName: string;
  /** Attributes by their name as written (`xml:lang`, `schemeURI`), entities decoded. */
  readonly attributes: Readonly<Record<string, string>>;
  /** The concatenated, entity-decoded text children (trimmed at both ends). */
  readonly text: string;
  readonly children: readonly XmlElement[];
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function isRecord(value: unknown): value is OrderedNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(node: OrderedNode, scope: ReadonlyMap<string, string>): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined || name.startsWith('?') || name.startsWith('!')) return undefined;
  const rawAttributes = isRecord(node[':@']) ? node[':@'] : {};
  const attributes: Record<string, string> = {};
  const namespaces = new Map(scope);
  for (const [key, value] of Object.entries(rawAttributes)) {
    const decoded = decodeXmlEntities(String(value));
    if (key === 'xmlns') namespaces.set('', decoded);
    else if (key.startsWith('xmlns:')) namespaces.set(key.slice('xmlns:'.length), decoded);
    else attributes[key] = decoded;
  }
  const colon = name.indexOf(':');
  const prefix = colon === -1 ? '' : name.slice(0, colon);
  const content = node[name];
  const children: XmlElement[] = [];
  let text = '';
  if (Array.isArray(content)) {
    for (const item of content as unknown[]) {
      if (!isRecord(item)) continue;
      if ('#text' in item) text += decodeXmlEntities(String(item['#text']));
      else {
        const element = convert(item, namespaces);
        if (element !== undefined) children.push(element);
      }
    }
  }
  return {
    namespace: namespaces.get(prefix) ?? null,
    localName: colon === -1 ? name : name.slice(colon + 1),
    attributes,
    text: text.trim(),
    children,
  };
}

/**
 * Parses a document (or a lone element) and returns its root element. Lenient, like fast-xml-parser
 * itself: it reads what our crosswalks wrote back for round trips; validity is xmllint's job (tests).
 */
export function parseXml(xml: string): XmlElement {
  const parsed: unknown = parser.parse(xml);
  const scope = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  if (Array.isArray(parsed)) {
    for (const node of parsed as unknown[]) {
      if (!isRecord(node)) continue;
      const element = convert(node, scope);
      if (element !== undefined) return element;
    }
  }
  throw new Error('XML document without a root element');
}

/** The child elements called `localName` (in `namespace` when given, else in the parent's namespace). */
export function childElements(
  parent: XmlElement,
  localName: string,
  namespace = parent.namespace,
): XmlElement[] {
  return parent.children.filter((child) => child.localName === localName && child.namespace === namespace);
}

/** The first child element called `localName`, if any. */
export function childElement(
  parent: XmlElement,
  localName: string,
  namespace = parent.namespace,
): XmlElement | undefined {
  return childElements(parent, localName, namespace)[0];
}
