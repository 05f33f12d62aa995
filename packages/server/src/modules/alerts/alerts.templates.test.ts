import { describe, expect, it } from 'vitest';
import { renderTemplate, templateProblem } from './alerts.templates';

describe('alert templates', () => {
  const context = { type: 'inventory.stock.low', storeId: 's-1', payload: { skuId: 'k-9', available: 0, nested: { a: 1 } } };
  it.each([
    ['Low stock at {{storeId}}: {{payload.skuId}} ({{payload.available}} left)', 'Low stock at s-1: k-9 (0 left)'],
    ['{{ payload.missing }}|{{nothing.here}}', '|'],
    ['{{payload.nested}}', '{"a":1}'],
    ['plain', 'plain'],
  ])('renders %j', (template, expected) => {
    expect(renderTemplate(template, context)).toBe(expected);
  });
  it('caps the length and names broken placeholders', () => {
    expect(renderTemplate('x'.repeat(400), {})).toHaveLength(300);
    expect(templateProblem('Drift {{payload.skuId}}')).toBeNull();
    expect(templateProblem('Drift {{payload skuId}}')).not.toBeNull();
    expect(templateProblem('Drift {{payload.skuId}')).not.toBeNull();
  });
});
