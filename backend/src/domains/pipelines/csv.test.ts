import { describe, expect, it } from 'vitest';
import { csvCell, startsFormula, toCsv } from './csv';

describe('csvCell: spreadsheet formula guard', () => {
  it.each([
    ["-2+3+cmd|' /C calc'!A0", true],
    ['-1+1', true],
    ['-A1', true],
    ['--5', true],
    ['-5-', true],
    ['- 5', true],
    ['-', true],
    ['-0x1A', true],
    ['-Infinity', true],
    ['=HYPERLINK("x")', true],
    ['+1', true],
    ['@SUM(A1)', true],
    ['\t=1', true],
    ['\r=1', true],
    ['-25.50', false],
    ['-3', false],
    ['-.5', false],
    ['-1e3', false],
    ['-2.5E-7', false],
    ['25.50', false],
    ['Plain', false],
    ['a-b', false],
    ['', false],
  ])('%j starts a formula: %s', (text, formula) => {
    expect(startsFormula(text)).toBe(formula);
    expect(csvCell(text).replace(/^"|"$/g, '').startsWith("'")).toBe(formula);
  });

  it('escapes the DDE payload and still quotes it, and keeps negative numbers as numbers', () => {
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('-1+1,x')).toBe(`"'-1+1,x"`);
    expect(csvCell(-25.5)).toBe('-25.5');
    expect(toCsv(['a', 'b'], [{ a: '-2+3', b: '-7' }])).toBe(`a,b\r\n'-2+3,-7\r\n`);
  });
});
