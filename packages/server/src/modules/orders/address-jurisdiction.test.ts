import { describe, expect, it } from 'vitest';
import { addressJurisdiction } from './address-jurisdiction';

describe('the jurisdiction of a delivery address, from its region as typed', () => {
  it.each([
    ['US-CA', 'NV', 'US-NV'],
    ['US-CA', 'nv', 'US-NV'],
    ['US-CA', ' Nevada ', 'US-NV'],
    ['US-CA', 'new  york', 'US-NY'],
    ['US-OR', 'Wash.', undefined], // an abbreviation other than the postal code is not read
    ['US-OR', 'Washington', 'US-WA'],
    ['CA-ON', 'Québec', 'CA-QC'],
    ['CA-ON', 'on', 'CA-ON'],
    ['US-CA', 'Bavaria', undefined],
    ['US-CA', 'ON', undefined], // a Canadian province is not read in a US store's country
    ['US-CA', undefined, undefined],
  ])('%s store, region %j: %s', (store, region, expected) => {
    expect(addressJurisdiction(store, region)).toBe(expected);
  });
});
