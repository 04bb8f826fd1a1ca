import { describe, expect, it } from 'vitest';
import { revealInvisibles } from '../../src/shared/display/invisible-chars';

describe('characters a screen would not show as themselves', () => {
  it('shows terminal escapes and other controls as marks, keeping tabs and line breaks', () => {
    expect(revealInvisibles('\u001b[31mred\u001b[0m \u0007bell\u0000\u007f')).toBe('⟨U+001B⟩[31mred⟨U+001B⟩[0m ⟨U+0007⟩bell⟨U+0000⟩⟨U+007F⟩');
    expect(revealInvisibles('a\tb\nc\r\n')).toBe('a\tb\nc\r\n');
  });

  it('shows bidi overrides, isolates, zero-width characters and the BOM as ⟨U+XXXX⟩', () => {
    expect(revealInvisibles('\u202eevil\u202c zero\u200bwidth\ufeff joiner\u200d \u2067x\u2069')).toBe('⟨U+202E⟩evil⟨U+202C⟩ zero⟨U+200B⟩width⟨U+FEFF⟩ joiner⟨U+200D⟩ ⟨U+2067⟩x⟨U+2069⟩');
  });

  it('leaves every other text alone: right-to-left scripts, CJK, emoji', () => {
    const text = 'مرحبا שלום 中文 😀 @Integer[-1]';
    expect(revealInvisibles(text)).toBe(text);
  });
});
