import { describe, expect, it } from 'vitest';
import { roundCash } from './cash-rounding';
import { assertStoreCreditIsCustomers, planTenders } from './payments.service';

describe('cash rounding', () => {
  it.each([
    [1001, 1, 1001],
    [1002, 5, 1000],
    [1003, 5, 1005],
    [1007, 10, 1010],
    [1012, 25, 1000],
    [1013, 25, 1025],
  ])('%i¢ with unit %i → %i¢', (amount, unit, expected) => expect(roundCash(amount, unit)).toBe(expected));
});

describe('splitting the amount due over tenders', () => {
  it('lets cash take what remains', () => {
    const plan = planTenders(5000, [{ kind: 'gift_card', amountCents: 2000, giftCardCode: '1' }, { kind: 'cash', tenderedCents: 4000 }]);
    expect(plan.map((p) => p.amountCents)).toEqual([2000, 3000]);
  });

  it('refuses a split short of the total', () => {
    expect(() => planTenders(5000, [{ kind: 'simulator', amountCents: 1000 }])).toThrow(expect.objectContaining({ code: 'TENDER_SHORT' }));
    expect(() => planTenders(5000, [])).toThrow(expect.objectContaining({ code: 'TENDER_SHORT' }));
  });

  it('refuses a non-cash tender over what remains, and tenders after the total is covered', () => {
    expect(() => planTenders(1000, [{ kind: 'simulator', amountCents: 1500 }])).toThrow(expect.objectContaining({ code: 'TENDER_EXCESS' }));
    expect(() => planTenders(1000, [{ kind: 'simulator' }, { kind: 'cash' }])).toThrow(expect.objectContaining({ code: 'TENDER_EXCESS' }));
  });
});

describe('store credit is the sale’s customer’s', () => {
  const path = ['body', 'tenders'];
  const patient = '01900000-0000-7000-8000-00000000000a';
  const caregiver = '01900000-0000-7000-8000-00000000000b';

  it('pays for its own customer’s sale (a caregiver’s purchase is the patient’s sale)', () => {
    expect(() => assertStoreCreditIsCustomers([{ kind: 'cash' }, { kind: 'store_credit', customerId: patient }], patient, path)).not.toThrow();
    expect(() => assertStoreCreditIsCustomers([{ kind: 'cash' }], null, path)).not.toThrow();
  });

  it('refuses a walk-in’s sale and another customer’s credit, naming the tender', () => {
    const refusal = (index: number) => expect.objectContaining({ statusCode: 422, code: 'STORE_CREDIT_NOT_CUSTOMERS', details: { path: ['body', 'tenders', index, 'customerId'] } });
    expect(() => assertStoreCreditIsCustomers([{ kind: 'store_credit', customerId: patient }], null, path)).toThrow(refusal(0));
    expect(() => assertStoreCreditIsCustomers([{ kind: 'simulator', amountCents: 100 }, { kind: 'store_credit', customerId: caregiver }], patient, path)).toThrow(refusal(1));
  });

  it('wants the customer named on the tender', () => {
    expect(() => assertStoreCreditIsCustomers([{ kind: 'store_credit' }], patient, path)).toThrow(
      expect.objectContaining({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ path: ['body', 'tenders', 0, 'customerId'], message: 'required for store credit' }] }),
    );
  });
});
