/**
 * Marks that a search engine puts around matches in highlighted text. Private-use code points, so that
 * they cannot be confused with HTML that happens to be in a title or description.
 */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Turns text with {@link HIGHLIGHT_START}/{@link HIGHLIGHT_END} markers into HTML: every other character
 * is escaped, the markers become `<mark>` and `</mark>`. The result is always balanced, even when the
 * text itself contained stray marker characters: a start inside a mark and an end outside one are
 * dropped, and an unclosed mark is closed at the end.
 */
export function markupHighlight(textWithMarkers: string): string {
  let html = '';
  let insideMark = false;
  for (const character of textWithMarkers) {
    if (character === HIGHLIGHT_START) {
      if (!insideMark) html += '<mark>';
      insideMark = true;
    } else if (character === HIGHLIGHT_END) {
      if (insideMark) html += '</mark>';
      insideMark = false;
    } else {
      html += HTML_ESCAPES[character] ?? character;
    }
  }
  return insideMark ? `${html}</mark>` : html;
}
