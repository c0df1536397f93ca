import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationPipe } from '../common/validation';
import { toErrorBody } from '../common/error.filter';
import { StorableVariables, variablesProblem, VariableLimits } from './storable-variables';

const limits: VariableLimits = { maxBytes: 1000, maxDepth: 4, maxEntries: 20 };

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level += 1) value = { inner: value };
  return value;
}

describe('variablesProblem', () => {
  it('accepts every JSON value jsonb stores', () => {
    const variables = {
      text: 'Grüße, 日本, 😀',
      number: -1.5e300,
      flag: false,
      nothing: null,
      list: [1, 'two', { three: [3] }],
      'odd key': { 'ä-b': 1 },
    };
    expect(variablesProblem(variables, limits)).toBeNull();
    expect(variablesProblem(nested(4), limits)).toBeNull();
  });

  it.each([
    [{ note: 'a\u0000b' }, 'variables.note'],
    [{ list: ['ok', { deep: '\u0000' }] }, 'variables.list[1].deep'],
    [{ 'bad\u0000key': 1 }, 'variables["bad\\u0000key"]'],
    [{ lone: 'x\ud800y' }, 'variables.lone'],
    [{ lone: '\udc00' }, 'variables.lone'],
    [{ big: Infinity }, 'variables.big'],
    [{ notANumber: NaN }, 'variables.notANumber'],
    [{ when: new Date() }, 'variables.when'],
  ])('refuses %j at its path', (variables, path) => {
    expect(variablesProblem(variables, limits)).toMatchObject({ path });
  });

  it('refuses what is not an object', () => {
    for (const value of [null, [], 'text', 3]) {
      expect(variablesProblem(value, limits)).toEqual({
        path: 'variables',
        reason: 'must be a JSON object',
      });
    }
  });

  it('caps depth, entries and size', () => {
    expect(variablesProblem(nested(5), limits)?.reason).toMatch(/deeper than 4/);
    expect(variablesProblem({ list: Array.from({ length: 21 }, () => 0) }, limits)?.reason).toMatch(
      /more than 20 keys/,
    );
    expect(variablesProblem({ text: 'x'.repeat(1000) }, limits)?.reason).toMatch(
      /at most 1000 are allowed/,
    );
    // Bytes, not characters: 400 three-byte characters are 1200 bytes.
    expect(variablesProblem({ text: '日'.repeat(400) }, limits)?.reason).toMatch(/bytes/);
  });

  it('keeps a surrogate pair, which is one character', () => {
    expect(variablesProblem({ emoji: '\ud83d\ude00' }, limits)).toBeNull();
  });
});

class Sample {
  @StorableVariables()
  variables!: Record<string, unknown>;
}

describe('StorableVariables', () => {
  it('names the path in its message', async () => {
    const [error] = await validate(plainToInstance(Sample, { variables: { a: ['\u0000'] } }));
    expect(Object.values(error.constraints ?? {})).toEqual([
      'variables.a[0] contains a NUL character or a lone UTF-16 surrogate',
    ]);
  });

  it('answers 400 VARIABLES_INVALID through the validation pipe', async () => {
    const refusal = await validationPipe
      .transform({ variables: { a: 'x\u0000' } }, { type: 'body', metatype: Sample })
      .catch((error: unknown) => error);
    expect(toErrorBody(refusal)).toEqual({
      statusCode: 400,
      code: 'VARIABLES_INVALID',
      message: 'variables.a contains a NUL character or a lone UTF-16 surrogate',
      details: ['variables.a contains a NUL character or a lone UTF-16 surrogate'],
    });
  });

  it('leaves a value that is no object to @IsObject', async () => {
    for (const variables of ['yes', null, [1]]) {
      expect(await validate(plainToInstance(Sample, { variables }))).toEqual([]);
    }
  });

  it('leaves storable variables alone', async () => {
    await expect(
      validationPipe.transform({ variables: { a: 1 } }, { type: 'body', metatype: Sample }),
    ).resolves.toEqual({ variables: { a: 1 } });
  });
});
