/** The digits of a phone number: how numbers are compared, whatever their formatting. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}
