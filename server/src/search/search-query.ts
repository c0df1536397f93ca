/** Shorter queries match by word prefix only; three letters are similar to far too many words. */
const MIN_FUZZY_LENGTH = 4;

/**
 * How close a record's words must be to the query (pg_trgm's word similarity). pg_trgm's
 * default, 0.6, misses typos in short queries ("nortwind" for "Northwind" is 0.58,
 * "quillfaether" for "Quillfeather" 0.53). A long query, an email address say, shares enough
 * common trigrams ("info", "example") with thousands of records at 0.45, while one typo costs
 * it only a few of its many trigrams.
 */
const SHORT_QUERY_THRESHOLD = 0.45;
const LONG_QUERY_THRESHOLD = 0.6;
const LONG_QUERY_LENGTH = 20;

/** At most this many words of a query take part in the full-text match. */
const MAX_WORDS = 8;

/** What the search SQL needs from the text a user typed. */
export interface ParsedSearch {
  /** Lower-cased, trimmed, inner blanks collapsed: compared for exact matches. */
  text: string;
  /** What the trigram similarity compares: the digits alone when the query is a phone number. */
  similarityText: string;
  /** Every word as a prefix (`nort:* & trad:*`), or null when the query has no word at all. */
  tsQuery: string | null;
  /** The digits of a phone-number query, for an exact match on a client's phones. */
  phoneDigits: string | null;
  /** The query when it could be a whole email address, for an exact match. */
  email: string | null;
  /** Whether to look for similar words too (typos): from four letters or digits on. */
  fuzzy: boolean;
  /** The word similarity a record needs to count as similar. */
  similarityThreshold: number;
  /** A LIKE pattern for names that start with the query. */
  prefixPattern: string;
}

export function parseSearch(query: string): ParsedSearch {
  const text = query.trim().replace(/\s+/g, ' ').toLowerCase();
  // Letters and digits only: the words can never carry tsquery operators.
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  const digits = text.replace(/\D/g, '');
  const isPhone = /^[+\d\s()./-]+$/.test(text) && digits.length >= 3;
  const similarityText = isPhone ? digits : text;
  return {
    text,
    similarityText,
    tsQuery: words.length ? words.map((word) => `${word}:*`).join(' & ') : null,
    phoneDigits: isPhone ? digits : null,
    email: text.includes('@') ? text : null,
    fuzzy: similarityText.length >= MIN_FUZZY_LENGTH,
    similarityThreshold:
      similarityText.length >= LONG_QUERY_LENGTH ? LONG_QUERY_THRESHOLD : SHORT_QUERY_THRESHOLD,
    prefixPattern: `${text.replace(/[\\%_]/g, '\\$&')}%`,
  };
}

/**
 * The score of a title-like column (a deal's title, a task's name) against the query, given the
 * SQL of its lowered text, its text vector and of the query's parts: 2 for the exact text, 0.5 for
 * a text that starts with the query, plus word similarity and text rank.
 */
export function titleScoreSql(
  lowered: string,
  vector: string,
  query: { text: string; prefix: string; similar: string; tsQuery: string },
): string {
  return `CASE WHEN ${lowered} = ${query.text} THEN 2 ELSE 0 END
           + CASE WHEN ${lowered} LIKE ${query.prefix} THEN 0.5 ELSE 0 END
           + word_similarity(${query.similar}, ${lowered})
           + strict_word_similarity(${query.similar}, ${lowered})
           + ts_rank(${vector}, ${query.tsQuery})`;
}
