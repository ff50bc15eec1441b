// Turns what a person types into an FTS5 MATCH expression that can never be a syntax error: every word becomes
// a quoted phrase (FTS5 quotes escape by doubling), so `"`, `-`, `AND(`, `NEAR(`, `:` and `*` in the middle are
// plain text. A trailing `*` on a word keeps its meaning (prefix search), since that is what people expect.

/** Null when the text has no searchable word (only punctuation or spaces). Searches the prompt column. */
export function toFtsQuery(text: string): string | null {
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
  if (phrases.length === 0) return null;
  return `{prompt} : (${phrases.join(' AND ')})`;
}
