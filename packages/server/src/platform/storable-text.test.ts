import { describe, expect, it } from 'vitest';
import { unstorableTextAt } from './storable-text';

describe('unstorableTextAt', () => {
  it('passes ordinary text, emoji and non-Latin scripts', () => {
    expect(unstorableTextAt({ name: 'Blue Dream 😀', notes: ['ÖÇ', 'ひらがな'], n: 1, ok: true, nothing: null })).toBeNull();
  });

  it('names the field holding a NUL character or a lone surrogate', () => {
    expect(unstorableTextAt({ lines: [{ note: 'a' }, { note: 'a\u0000b' }] })).toEqual(['lines', 1, 'note']);
    expect(unstorableTextAt({ name: 'x\ud800' })).toEqual(['name']);
    expect(unstorableTextAt({ name: '\udc00x' })).toEqual(['name']);
    expect(unstorableTextAt('\u0000', ['query', 'q'])).toEqual(['query', 'q']);
  });

  it('checks keys too', () => {
    expect(unstorableTextAt({ meta: { 'a\u0000': 1 } })).toEqual(['meta', 'a\u0000']);
  });
});
