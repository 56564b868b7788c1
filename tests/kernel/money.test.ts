/** kernel/money.ts: amounts in whole fen, parsed from strings or numbers with at most two decimals, printed with two. */
import { formatFen, MAX_FEN, MoneyError, parseMoney } from '../../kernel';

describe('parseMoney', () => {
  it.each<[unknown, number]>([
    ['0.10', 10],
    ['0.3', 30],
    [0.1, 10],
    [0.2, 20],
    [12.5, 1250],
    ['12', 1200],
    [3299, 329900],
    ['-1.05', -105],
    [' 7.01 ', 701],
    ['342876.22', 34287622],
    [342876.22, 34287622],
    ['90071992547409.91', MAX_FEN],
    [0, 0],
    ['-0', 0],
  ])('%p is %p fen', (value, fen) => {
    expect(parseMoney(value)).toBe(fen);
  });

  it.each<[unknown, string]>([
    ['0.123', 'TOO_MANY_DECIMALS'],
    [0.123, 'TOO_MANY_DECIMALS'],
    [0.1 + 0.2, 'TOO_MANY_DECIMALS'],
    [1e-7, 'TOO_MANY_DECIMALS'],
    [Number.NaN, 'NOT_A_NUMBER'],
    [Number.POSITIVE_INFINITY, 'NOT_A_NUMBER'],
    ['abc', 'NOT_A_NUMBER'],
    ['', 'NOT_A_NUMBER'],
    ['12,50', 'NOT_A_NUMBER'],
    ['1e3', 'NOT_A_NUMBER'],
    [null, 'NOT_A_NUMBER'],
    [true, 'NOT_A_NUMBER'],
    ['90071992547409.92', 'OUT_OF_RANGE'],
    [1e21, 'OUT_OF_RANGE'],
    [1e16, 'OUT_OF_RANGE'],
  ])('%p is refused (%s) as BAD_USER_INPUT naming the field', (value, reason) => {
    let caught: unknown;
    try {
      parseMoney(value, 'fine');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MoneyError);
    expect(caught).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fine', reason });
  });
});

describe('formatFen', () => {
  it.each<[number, string]>([
    [30, '0.30'],
    [5, '0.05'],
    [0, '0.00'],
    [-105, '-1.05'],
    [34287622, '342876.22'],
    [MAX_FEN, '90071992547409.91'],
  ])('%p fen is "%s"', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
    expect(parseMoney(text)).toBe(fen);
  });

  it('refuses fractions of a fen', () => {
    expect(() => formatFen(0.5)).toThrow(RangeError);
  });

  it('sums of fen are exact where sums of yuan floats are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatFen(parseMoney(0.1) + parseMoney(0.2))).toBe('0.30');
  });
});
