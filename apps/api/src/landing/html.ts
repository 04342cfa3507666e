/**
 * A small HTML builder for the landing pages: the `html` tag escapes every interpolated value unless it is
 * already {@link Html}, so text from the catalogue (titles, names, reasons) can never become markup.
 * There is no way to mark a string as trusted outside this module; the only unescaped output is the
 * JSON-LD script, whose `<` are written as `\u003c` so that nothing in it can close the element.
 */

/** Markup built by {@link html}; only this module creates it. */
export class Html {
  private constructor(readonly markup: string) {}

  /** @internal */
  static trusted(markup: string): Html {
    return new Html(markup);
  }

  toString(): string {
    return this.markup;
  }
}

/** What may be interpolated: text (escaped), markup, lists of either; null, undefined and false print nothing. */
export type HtmlContent = Html | string | number | null | undefined | false | readonly HtmlContent[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

function render(content: HtmlContent): string {
  if (content === null || content === undefined || content === false) return '';
  if (content instanceof Html) return content.markup;
  if (typeof content === 'number') return String(content);
  if (typeof content === 'string') return escapeHtml(content);
  return content.map(render).join('');
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `html` results are kept as markup. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlContent[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return Html.trusted(markup);
}

/** Joins items with a separator (text or markup). */
export function join(items: readonly HtmlContent[], separator: HtmlContent): Html {
  return Html.trusted(items.map(render).join(render(separator)));
}

/**
 * An href for a link: absolute http(s) URLs and same-site paths as given, anything else (a `javascript:`
 * IRI a curator may have written) replaced by `#`, so that no link on a page can run script.
 */
export function safeHref(url: string): string {
  return /^(?:https?:\/\/|\/(?!\/))/i.test(url) ? url : '#';
}

/** A link, opened in the same tab; `label` defaults to the URL itself. */
export function link(
  url: string,
  label: HtmlContent = url,
  attributes: { readonly rel?: string; readonly type?: string } = {},
): Html {
  const extra = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return Html.trusted(`<a href="${escapeHtml(safeHref(url))}"${extra}>${render(label)}</a>`);
}

/**
 * `<script type="application/ld+json">` with the value as JSON. Every `<` is written as `\u003c` (still the
 * same JSON string), so neither `</script>` nor `<!--` in the data can end or change the script element.
 */
export function jsonLdScript(value: unknown): Html {
  const json = JSON.stringify(value, null, 2).replace(/</g, '\\u003c');
  return Html.trusted(`<script type="application/ld+json">\n${json}\n</script>`);
}

/** Longer titles are cut (with an ellipsis): browsers and search engines show about this many characters. */
const MAX_TITLE_LENGTH = 70;

/** Text cut at a word boundary to at most `length` characters, whitespace collapsed, `…` marking a cut. */
export function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const word = cut.lastIndexOf(' ');
  return `${(word > length / 2 ? cut.slice(0, word) : cut).trimEnd()}…`;
}

/** The title cut to fit {@link MAX_TITLE_LENGTH} as written in the page (entities count in full, as validators count them). */
function shortTitle(title: string): string {
  let length = MAX_TITLE_LENGTH;
  let short = truncate(title, length);
  while (escapeHtml(short).length > MAX_TITLE_LENGTH && length > 1) {
    length -= 1;
    short = truncate(title, length);
  }
  return short;
}

/**
 * Drops the templates' indentation and empty lines. Safe for these pages: outside `<pre>` and `<textarea>`
 * (which they do not use) a line break with or without indentation is the same white space to HTML, and
 * JSON and CSS ignore it too.
 */
function compact(markup: string): string {
  return markup
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * A complete HTML5 document in UTF-8. Void elements are written self-closed (`<meta … />`), as Prettier
 * formats the templates; HTML5 allows both forms.
 */
export function htmlDocument(parts: {
  readonly lang: string;
  readonly title: string;
  readonly head?: HtmlContent;
  readonly body: HtmlContent;
}): string {
  const document = html`<!DOCTYPE html>
    <html lang="${parts.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${shortTitle(parts.title)}</title>
        ${parts.head}
        <style>
          ${Html.trusted(STYLESHEET)}
        </style>
      </head>
      <body>
        ${parts.body}
      </body>
    </html>`;
  return `${compact(document.markup)}\n`;
}

/** Plain, readable, printable; no external resources, so a page works offline and leaks no visit. */
const STYLESHEET = `
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; }
header.site, footer.site { color: #555; font-size: 0.9rem; padding: 0.75rem 0; }
header.site { border-bottom: 1px solid #ddd; }
footer.site { border-top: 1px solid #ddd; margin-top: 2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
ul.creators { list-style: none; padding: 0; }
.notice { border-left: 4px solid #b35c00; background: #fff4e5; padding: 0.5rem 1rem; }
.citation { border: 1px solid #ccc; background: #f7f7f7; padding: 0.75rem 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
code { font-size: 0.8rem; word-break: break-all; }
`.trim();
