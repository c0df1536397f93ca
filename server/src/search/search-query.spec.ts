import { parseSearch } from './search-query';

describe('parseSearch', () => {
  it('matches every word as a prefix, lower-cased, with blanks collapsed', () => {
    expect(parseSearch('  Northwind   Trad ')).toEqual({
      text: 'northwind trad',
      similarityText: 'northwind trad',
      tsQuery: 'northwind:* & trad:*',
      phoneDigits: null,
      email: null,
      fuzzy: true,
      similarityThreshold: 0.45,
      prefixPattern: 'northwind trad%',
    });
  });

  it('splits emails into words and keeps them whole for the exact match', () => {
    const parsed = parseSearch('Mia@Acme.com');
    expect(parsed.text).toBe('mia@acme.com');
    expect(parsed.tsQuery).toBe('mia:* & acme:* & com:*');
    expect(parsed.phoneDigits).toBeNull();
    expect(parsed.email).toBe('mia@acme.com');
  });

  it('compares a phone number by its digits', () => {
    const parsed = parseSearch('+49 (30) 123-4567');
    expect(parsed.phoneDigits).toBe('49301234567');
    expect(parsed.similarityText).toBe('49301234567');
  });

  it('drops tsquery operators and escapes LIKE wildcards', () => {
    const parsed = parseSearch("O'Brien & 100%_ | !x");
    expect(parsed.tsQuery).toBe('o:* & brien:* & 100:* & x:*');
    expect(parsed.prefixPattern).toBe("o'brien & 100\\%\\_ | !x%");
  });

  it('looks for similar words only from four letters or digits on', () => {
    expect(parseSearch('vip').fuzzy).toBe(false);
    expect(parseSearch('anna').fuzzy).toBe(true);
    expect(parseSearch('+4 9 1').fuzzy).toBe(false);
  });

  it('asks more similarity of long queries, whose common trigrams match too much', () => {
    expect(parseSearch('nortwind').similarityThreshold).toBe(0.45);
    expect(parseSearch('info@nortwind.example').similarityThreshold).toBe(0.6);
  });

  it('has no full-text query when there is no word', () => {
    expect(parseSearch('!!').tsQuery).toBeNull();
  });

  it('keeps letters beyond ASCII', () => {
    expect(parseSearch('Jürgen Ørsted').tsQuery).toBe('jürgen:* & ørsted:*');
  });
});
