import { evaluate } from 'feelin';
import { durationToMs } from './duration';
import { checkExpression, evaluateCondition, evaluateValue } from './feel';

describe('checkExpression', () => {
  it.each(['qualified = true', 'amount > 10 and status = "new"', 'if x = null then "P7D" else x'])(
    'accepts %s',
    (source) => expect(checkExpression(source)).toBeNull(),
  );

  it.each([
    ['1 +* 2', /unexpected "\*"/],
    ['a +', /incomplete/],
    ['foo(', /incomplete/],
    ['', /empty/],
  ])('rejects %s', (source, message) => expect(checkExpression(source)).toMatch(message));
});

describe('evaluateValue', () => {
  it('returns a literal as is', () => {
    expect(evaluateValue('Ask how things are going', {})).toBe('Ask how things are going');
  });

  it('evaluates a =-prefixed FEEL expression against the variables', () => {
    expect(evaluateValue('="Call " + name', { name: 'Anna' })).toBe('Call Anna');
    expect(evaluateValue('=missing', {})).toBeNull();
  });

  it('returns plain data: temporal values become ISO strings, contexts are copied', () => {
    const variables = { client: { tags: ['a'] } };
    const result = evaluateValue(
      '={when: date("2020-01-02"), wait: duration("P7D"), c: client}',
      variables,
    );
    expect(result).toEqual({ when: '2020-01-02', wait: 'P7D', c: { tags: ['a'] } });
    expect((result as { c: unknown }).c).not.toBe(variables.client);
  });

  it('refuses values that are not data', () => {
    expect(() => evaluateValue('=[1..3]', {})).toThrow(/range/);
    expect(() => evaluateValue('=function(x) x', {})).toThrow(/function/);
  });
});

describe('evaluateCondition', () => {
  it('evaluates booleans', () => {
    expect(evaluateCondition('qualified = true', { qualified: true })).toBe(true);
    expect(evaluateCondition('amount > 10', { amount: 5 })).toBe(false);
  });

  it('counts null (missing or incomparable values) as false', () => {
    expect(evaluateCondition('amount > 10', {})).toBe(false);
    expect(evaluateCondition('qualified = true', { qualified: 'yes' })).toBe(false);
  });

  it('throws on a non-boolean result', () => {
    expect(() => evaluateCondition('name', { name: 'Anna' })).toThrow(
      'condition "name" must be true or false, got "Anna"',
    );
  });
});

describe('durationToMs', () => {
  it.each([
    ['PT5S', 5_000],
    ['PT0.5S', 500],
    ['PT2M', 120_000],
    ['P7D', 7 * 86_400_000],
    ['P1DT2H', 93_600_000],
    ['P1W', 7 * 86_400_000],
    ['PT0S', 0],
  ])('%s is %i ms', (text, ms) => expect(durationToMs(text)).toBe(ms));

  it('accepts feelin duration values', () => {
    expect(durationToMs(evaluate('duration("P1DT2H")').value)).toBe(93_600_000);
  });

  it.each([
    ['P1M', /years or months/],
    ['P1Y', /years or months/],
    ['-PT5S', /negative/],
    ['P', /not an ISO-8601 duration/],
    ['PT', /not an ISO-8601 duration/],
    ['5 minutes', /not an ISO-8601 duration/],
    ['P1W2D', /not an ISO-8601 duration/],
  ])('rejects %s', (text, message) => expect(() => durationToMs(text)).toThrow(message));

  it('rejects values that are not durations', () => {
    expect(() => durationToMs(5000)).toThrow(
      'expected an ISO-8601 duration such as "P7D", got the number 5000',
    );
    expect(() => durationToMs(null)).toThrow(/got nothing/);
  });
});
