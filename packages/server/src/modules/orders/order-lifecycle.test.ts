import { describe, expect, it } from 'vitest';
import { ORDER_STATUSES, TRANSITIONS, canTransition, holdsStock, type OrderChannel } from './order-lifecycle';

describe('order transition table', () => {
  const channels: OrderChannel[] = ['in_store', 'pickup', 'delivery'];
  it.each([
    ['pickup', 'placed', 'accepted', true],
    ['pickup', 'ready', 'completed', true],
    ['pickup', 'ready', 'out_for_delivery', false],
    ['pickup', 'placed', 'completed', false],
    ['delivery', 'ready', 'completed', false],
    ['delivery', 'ready', 'out_for_delivery', true],
    ['delivery', 'out_for_delivery', 'completed', true],
    ['in_store', 'completed', 'voided', true],
    ['in_store', 'placed', 'accepted', false],
    ['pickup', 'completed', 'cancelled', false],
    ['pickup', 'cancelled', 'placed', false],
  ] as const)('%s: %s → %s is %s', (channel, from, to, allowed) => {
    expect(canTransition(channel, from, to)).toBe(allowed);
  });

  it('every non-final state of the online channels can be cancelled or be a no-show', () => {
    for (const channel of ['pickup', 'delivery'] as const) {
      for (const [from, targets] of Object.entries(TRANSITIONS[channel])) {
        if (from === 'completed') continue;
        expect(holdsStock(from as never)).toBe(true);
        expect(targets).toContain('cancelled');
        expect(targets).toContain('no_show');
      }
    }
  });

  it('final states lead nowhere but a void of a completed sale', () => {
    for (const channel of channels) {
      for (const status of ['cancelled', 'no_show', 'voided'] as const) {
        for (const to of ORDER_STATUSES) expect(canTransition(channel, status, to)).toBe(false);
      }
    }
  });
});
