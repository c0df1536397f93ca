import { toMoneyAmount } from './money';

describe('toMoneyAmount', () => {
  it.each([
    ['1250.5', '1250.50'],
    ['0', '0.00'],
    ['007.1', '7.10'],
    [' 19.99 ', '19.99'],
    ['999999999999.99', '999999999999.99'],
    [19.99, '19.99'],
    [100, '100.00'],
    [0, '0.00'],
  ])('reads %p as %p', (input, expected) => {
    expect(toMoneyAmount(input)).toBe(expected);
  });

  it.each([
    ['-1'],
    ['1.234'],
    ['1e3'],
    ['1,50'],
    [''],
    ['.5'],
    ['1000000000000'],
    [-0.01],
    [0.1 + 0.2],
    [1e21],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [true],
    [{}],
  ])('refuses %p', (input) => {
    expect(toMoneyAmount(input)).toBeNull();
  });
});
