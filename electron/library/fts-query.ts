// Turns what a person types into an FTS5 MATCH expression that can never be a syntax error: every word becomes
// a quoted phrase (FTS5 quotes escape by doubling), so `"`, `-`, `AND(`, `NEAR(`, `:` and `*` in the middle are
// plain text. A trailing `*` on a word keeps its meaning (prefix search), since that is what people expect.

import type { SearchField } from '../../shared/library';

/** The index's columns (migration 0300) and the field each is shown as on a hit. */
export const SEARCH_COLUMNS: ReadonlyArray<{ name: string; field: SearchField }> = [
  { name: 'prompt', field: 'prompt' },
  { name: 'negative_prompt', field: 'negativePrompt' },
  { name: 'file_name', field: 'fileName' },
  { name: 'models', field: 'models' },
  { name: 'c2pa', field: 'c2pa' },
  { name: 'tags', field: 'tags' },
];

function phrasesOf(text: string): string[] {
  const phrases: string[] = [];
  for (const raw of text.split(/\s+/)) {
    if (!raw) continue;
    // unicode61 splits on everything that is not a letter, digit or mark; keep only tokens that leave something.
    const word = raw.replace(/\*+$/, '');
    // A one-letter prefix matches most of the vocabulary (seconds at 1M rows); it is searched as the word itself.
    const prefix = raw.endsWith('*') && [...word.replace(/[^\p{L}\p{N}]/gu, '')].length >= 2;
    if (!/[\p{L}\p{N}]/u.test(word)) continue;
    phrases.push(`"${word.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  return phrases;
}

/**
 * Null when the text has no searchable word (only punctuation or spaces). Every word must appear somewhere in
 * the image's text: prompt, negative prompt, file name, model and LoRA names, C2PA claims or tags.
 */
export function toFtsQuery(text: string): string | null {
  const phrases = phrasesOf(text);
  return phrases.length === 0 ? null : `(${phrases.join(' AND ')})`;
}

/** Any of the words in one column: which fields a hit matched in. */
export function matchedFieldsQuery(text: string, column: string): string | null {
  const phrases = phrasesOf(text);
  return phrases.length === 0 ? null : `{${column}} : (${phrases.join(' OR ')})`;
}
