/**
 * An independent recomputation of a z-score rounded half away from zero to 2 places (not a test file): the quotient
 * to 12 decimal places by BigInt long division over the rational values, rounded by its third decimal digit. The
 * kernel's scaled-integer computation (kernel/proficiency.ts) is checked against it.
 */
export function referenceZScore(x: string, assigned: string, sigma: string): string {
  const toRational = (text: string): [bigint, bigint] => {
    const [whole, fraction = ''] = text.replace('+', '').split('.');
    return [BigInt(`${whole}${fraction}`), 10n ** BigInt(fraction.length)];
  };
  const [xn, xd] = toRational(x);
  const [an, ad] = toRational(assigned);
  const [sn, sd] = toRational(sigma);
  // (xn/xd − an/ad) / (sn/sd) = (xn·ad − an·xd)·sd / (xd·ad·sn)
  const numerator = (xn * ad - an * xd) * sd;
  const denominator = xd * ad * sn;
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const digits = ((magnitude * 10n ** 12n) / denominator).toString().padStart(13, '0');
  let hundredths = BigInt(`${digits.slice(0, -12)}${digits.slice(-12, -10)}`);
  // Half or more of a hundredth: away from zero (the magnitude is truncated, so 0.00499… never reads as 0.005).
  if (digits.slice(-10)[0]! >= '5') hundredths += 1n;
  const text = hundredths.toString().padStart(3, '0');
  const formatted = `${text.slice(0, -2)}.${text.slice(-2)}`;
  return negative && hundredths !== 0n ? `-${formatted}` : formatted;
}

/** ISO 13528 class of a z-score text already rounded to 2 places, by comparing hundredths as integers. */
export function referenceOutcome(zScore: string): 'SATISFACTORY' | 'QUESTIONABLE' | 'UNSATISFACTORY' {
  const hundredths = Math.abs(Number(zScore.replace('.', '')));
  return hundredths <= 200 ? 'SATISFACTORY' : hundredths < 300 ? 'QUESTIONABLE' : 'UNSATISFACTORY';
}
