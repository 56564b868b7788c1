import { assessResult, classifyZScore, formatZScore, laboratoryCode, parseDecimal, zScoreHundredths } from '../../kernel';
import { referenceZScore as referenceZ } from '../helpers/decimalReference';


describe('z-scores in decimal (ISO 13528)', () => {
  test('exactly ±2.00 and ±3.00 from decimal inputs that binary floating point gets wrong', () => {
    // In doubles (0.3 − 0.1) / 0.1 = 1.9999999999999998 and (0.7 − 0.1) / 0.2 = 2.9999999999999996.
    expect((0.3 - 0.1) / 0.1).not.toBe(2);
    expect(assessResult('0.3', '0.1', '0.1')).toEqual({ zScore: '2.00', outcome: 'SATISFACTORY' });
    expect(assessResult('-0.1', '0.1', '0.1')).toEqual({ zScore: '-2.00', outcome: 'SATISFACTORY' });
    expect((0.7 - 0.1) / 0.2).not.toBe(3);
    expect(assessResult('0.7', '0.1', '0.2')).toEqual({ zScore: '3.00', outcome: 'UNSATISFACTORY' });
    expect(assessResult('-0.5', '0.1', '0.2')).toEqual({ zScore: '-3.00', outcome: 'UNSATISFACTORY' });
  });

  test('classification happens after rounding half away from zero to 2 places', () => {
    // z = 2.004 rounds to 2.00: satisfactory; z = 2.005 rounds to 2.01: questionable; 2.995 → 3.00: unsatisfactory.
    expect(assessResult('10.2004', '10', '0.1')).toEqual({ zScore: '2.00', outcome: 'SATISFACTORY' });
    expect(assessResult('10.2005', '10', '0.1')).toEqual({ zScore: '2.01', outcome: 'QUESTIONABLE' });
    expect(assessResult('9.7995', '10', '0.1')).toEqual({ zScore: '-2.01', outcome: 'QUESTIONABLE' });
    expect(assessResult('10.2995', '10', '0.1')).toEqual({ zScore: '3.00', outcome: 'UNSATISFACTORY' });
    expect(assessResult('10.29949999', '10', '0.1')).toEqual({ zScore: '2.99', outcome: 'QUESTIONABLE' });
    expect(assessResult('10', '10', '0.1')).toEqual({ zScore: '0.00', outcome: 'SATISFACTORY' });
    expect(assessResult('9.9999', '10', '0.1')).toEqual({ zScore: '0.00', outcome: 'SATISFACTORY' });
    expect(classifyZScore(-200n)).toBe('SATISFACTORY');
    expect(classifyZScore(201n)).toBe('QUESTIONABLE');
    expect(classifyZScore(-299n)).toBe('QUESTIONABLE');
    expect(classifyZScore(-300n)).toBe('UNSATISFACTORY');
  });

  test('matches the independent recomputation over many decimal inputs (fixed seed)', () => {
    let state = 20261206;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const decimal = (maxUnits: number, scale: number, signed: boolean) => {
      const units = next() % maxUnits;
      const text = (units / 10 ** scale).toFixed(scale);
      return signed && next() % 2 === 0 && units !== 0 ? `-${text}` : text;
    };
    for (let i = 0; i < 5000; i++) {
      const scale = next() % 5;
      const assigned = decimal(100000, scale, true);
      const sigma = decimal(5000, scale, false);
      if (Number(sigma) === 0) continue;
      const x = decimal(100000, next() % 6, true);
      const hundredths = zScoreHundredths(parseDecimal(x)!, parseDecimal(assigned)!, parseDecimal(sigma)!);
      expect([x, assigned, sigma, formatZScore(hundredths)]).toEqual([x, assigned, sigma, referenceZ(x, assigned, sigma)]);
    }
  });

  test('refuses non-decimal text and a standard deviation that is not positive', () => {
    for (const bad of ['1e3', '0x10', '1,5', '', ' ', 'NaN', '1.123456789', '1234567890123']) expect(parseDecimal(bad)).toBeNull();
    expect(() => assessResult('1', '1', '0')).toThrow(/greater than 0/);
    expect(() => assessResult('abc', '1', '1')).toThrow(/not a decimal/);
  });

  test('laboratory codes are 实验室A … Z, then AA', () => {
    expect([0, 1, 25, 26, 27].map(laboratoryCode)).toEqual(['实验室A', '实验室B', '实验室Z', '实验室AA', '实验室AB']);
  });
});
