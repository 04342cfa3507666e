import { describe, expect, it } from '@jest/globals';
import { HIGHLIGHT_END, HIGHLIGHT_START, markupHighlight } from './highlight-markup.js';

const mark = (text: string): string => `${HIGHLIGHT_START}${text}${HIGHLIGHT_END}`;

describe(markupHighlight.name, () => {
  it('wraps marked matches in <mark> and leaves plain text alone', () => {
    expect(markupHighlight(`Diffuse ${mark('neutrino')} flux from ${mark('IceCube')}`)).toBe(
      'Diffuse <mark>neutrino</mark> flux from <mark>IceCube</mark>',
    );
    expect(markupHighlight('no match at all')).toBe('no match at all');
    expect(markupHighlight('')).toBe('');
  });

  it('escapes every HTML-significant character, inside and outside marks', () => {
    expect(markupHighlight(`<script>alert("x")</script> & 'y' ${mark('<b>&</b>')}`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; <mark>&lt;b&gt;&amp;&lt;/b&gt;</mark>',
    );
  });

  it('keeps characters outside the Basic Multilingual Plane intact', () => {
    expect(markupHighlight(`${mark('γ')}-ray 𝛾 😀`)).toBe('<mark>γ</mark>-ray 𝛾 😀');
  });

  it('always returns balanced marks, whatever stray markers the text holds', () => {
    expect(markupHighlight(`${HIGHLIGHT_START}open`)).toBe('<mark>open</mark>');
    expect(markupHighlight(`stray${HIGHLIGHT_END} end`)).toBe('stray end');
    expect(markupHighlight(`${HIGHLIGHT_START}a${HIGHLIGHT_START}b${HIGHLIGHT_END}c`)).toBe(
      '<mark>ab</mark>c',
    );
  });
});
