import { IsInt, IsString, Min, validateSync } from 'class-validator';
import { rememberValidationMetadata } from './validation-metadata';

describe('rememberValidationMetadata', () => {
  beforeAll(() => rememberValidationMetadata());

  class Base {
    @IsString()
    name!: unknown;
  }

  class Derived extends Base {
    @IsInt()
    count!: unknown;
  }

  const violated = (object: object) =>
    validateSync(object).flatMap((error) => Object.keys(error.constraints ?? {}));

  it('checks the same constraints, inherited ones included, every time', () => {
    const bad = Object.assign(new Derived(), { name: 1, count: 'x' });
    expect(violated(bad).sort()).toEqual(['isInt', 'isString']);
    expect(violated(bad).sort()).toEqual(['isInt', 'isString']);
    expect(violated(Object.assign(new Derived(), { name: 'a', count: 2 }))).toEqual([]);
  });

  it('sees a constraint declared after a class was first validated', () => {
    const value = Object.assign(new Derived(), { name: 'a', count: -1 });
    expect(violated(value)).toEqual([]);
    Min(0)(Derived.prototype, 'count');
    expect(violated(value)).toEqual(['min']);
  });
});
