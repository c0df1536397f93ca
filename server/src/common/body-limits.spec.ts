import { jsonNestsDeeperThan } from './body-limits';

const deep = (levels: number) => Buffer.from(`${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`);

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays', () => {
    expect(jsonNestsDeeperThan(deep(2), 4)).toBe(false);
    expect(jsonNestsDeeperThan(deep(3), 4)).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from('[[[[]]]]'), 4)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('[[[[[]]]]]'), 4)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan(Buffer.from('{"a":"[[[[[[{{{{"}'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('{"a":"\\"[[[[[[","b":[1]}'), 2)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('{"a":"\\\\","b":[[1]]}'), 2)).toBe(true);
  });

  it('scans 20,000 levels without recursing', () => {
    expect(jsonNestsDeeperThan(deep(10_000), 64)).toBe(true);
  });
});
