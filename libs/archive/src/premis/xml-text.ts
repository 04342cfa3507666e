/**
 * XML 1.0 text for preservation metadata. Everything a caller gives goes through here, so names with
 * `&`, `<`, `>`, quotes, line breaks and odd control characters cannot break the document.
 */

/**
 * Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other than tab,
 * LF and CR, lone surrogates, U+FFFE and U+FFFF. They become U+FFFD, the replacement character, rather
 * than vanishing (as they do in the catalogue's crosswalks): preservation metadata should show that
 * something was there, and dropping them could make two different names read the same.
 */
const UNREPRESENTABLE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** DEL and the C1 controls are legal but invisible; a character reference shows them to the reader. */
const INVISIBLE = /[\u007F-\u009F]/g;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR is read back as LF, and in attributes tab and LF as spaces; references survive both.
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

function escape(value: string, special: RegExp): string {
  return value
    .replace(UNREPRESENTABLE, '\uFFFD')
    .replace(special, (c) => ESCAPES[c] ?? c)
    .replace(INVISIBLE, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

/** Element content: markup characters, quotes, CR and LF escaped (so line breaks in names survive as written). */
export function escapeXmlText(value: string): string {
  return escape(value, /[&<>"'\r\n]/g);
}

/** An attribute value: as text, and tab too (attribute-value normalisation would turn it into a space). */
export function escapeXmlAttribute(value: string): string {
  return escape(value, /[&<>"'\r\n\t]/g);
}

export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

function attributeList(attributes: XmlAttributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return out;
}

/** An indenting writer for a document of known elements; every text and attribute value is escaped. */
export class XmlWriter {
  private readonly lines: string[] = [];
  private readonly open: string[] = [];

  raw(markup: string): this {
    this.lines.push('  '.repeat(this.open.length) + markup);
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

  leaf(name: string, text: string, attributes: XmlAttributes = {}): this {
    return this.raw(`<${name}${attributeList(attributes)}>${escapeXmlText(text)}</${name}>`);
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlWriter: unclosed <${this.open.join('>, <')}>`);
    return `${this.lines.join('\n')}\n`;
  }
}
