import { evaluate } from 'feelin';
import { dateTimeToIso } from './date-time';

describe('dateTimeToIso', () => {
  it.each([
    ['2030-01-31T09:00:00Z', '2030-01-31T09:00:00.000Z'],
    ['2030-01-31T09:00Z', '2030-01-31T09:00:00.000Z'],
    ['2030-01-31T09:00:00.5+01:00', '2030-01-31T08:00:00.500Z'],
    ['2030-01-01T00:30:00-02:30', '2030-01-01T03:00:00.000Z'],
    [' 2030-12-31T23:59:59.123456Z ', '2030-12-31T23:59:59.123Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(dateTimeToIso(text)).toBe(iso);
  });

  it('reads a FEEL date and time', () => {
    const value = evaluate(
      'date and time("2030-01-31T09:00:00+01:00") + duration("PT1H")',
      {},
    ).value;
    expect(dateTimeToIso(value)).toBe('2030-01-31T09:00:00.000Z');
  });

  it.each([
    ['2030-01-31T09:00:00', /with an offset/],
    ['2030-01-31T09:00:00@Europe/Berlin', /with an offset/],
    ['2030-01-31', /with an offset/],
    ['2030-02-29T09:00:00Z', /not a valid date and time/],
    ['2030-01-31T24:00:00Z', /not a valid date and time/],
    [42, /got the number 42/],
    [null, /got nothing/],
  ])('refuses %j', (value, message) => {
    expect(() => dateTimeToIso(value)).toThrow(message);
  });
});
