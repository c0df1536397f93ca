import { ValidateBy, ValidationOptions } from 'class-validator';

/** numeric(14,2): up to 12 digits before the point and 2 after. */
export const MONEY_PATTERN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * A non-negative amount with at most two decimals, given as a decimal string ("1250.5") or a
 * JSON number (1250.5), as the exact string Postgres stores ("1250.50"); null when it is not one.
 * Numbers go through their shortest decimal form, so 0.1 + 0.2 is refused rather than rounded.
 */
export function toMoneyAmount(value: unknown): string | null {
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else return null;
  const match = MONEY_PATTERN.exec(text);
  if (!match) return null;
  const whole = match[1].replace(/^0+(?=\d)/, '');
  return `${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** The property is an amount `toMoneyAmount` accepts. */
export function IsMoneyAmount(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMoneyAmount',
      validator: {
        validate: (value) => toMoneyAmount(value) !== null,
        defaultMessage: () =>
          '$property must be an amount of at least 0 with at most 2 decimals (a decimal string or a number)',
      },
    },
    options,
  );
}
