import { describe, expect, it } from 'vitest';
import { datesOf, daysInPeriod, MAX_REPORT_DAYS } from './report-period';
import { amount } from './reports.csv';

describe('report periods', () => {
  it('lists every date of the period, both ends included, across month ends and leap days', () => {
    expect(datesOf({ from: '2026-03-07', to: '2026-03-09' })).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
    expect(datesOf({ from: '2024-02-28', to: '2024-03-01' })).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(datesOf({ from: '2025-12-31', to: '2026-01-01' })).toEqual(['2025-12-31', '2026-01-01']);
    expect(datesOf({ from: '2026-03-09', to: '2026-03-09' })).toEqual(['2026-03-09']);
    expect(datesOf({ from: '2026-03-09', to: '2026-03-08' })).toEqual([]);
  });

  it('counts days, so a leap year is one report and a year and a day is not', () => {
    expect(daysInPeriod('2024-01-01', '2024-12-31')).toBe(MAX_REPORT_DAYS);
    expect(daysInPeriod('2025-01-01', '2026-01-01')).toBe(366);
    expect(daysInPeriod('2025-01-01', '2026-01-02')).toBe(367);
    expect(daysInPeriod('2026-03-02', '2026-03-01')).toBe(0);
  });
});

describe('CSV amounts', () => {
  it('writes cents as a decimal amount without going through a float', () => {
    expect([0, 5, 99, 100, 123456, -5, -123456, 900719925474099].map(amount)).toEqual(['0.00', '0.05', '0.99', '1.00', '1234.56', '-0.05', '-1234.56', '9007199254740.99']);
  });
});
