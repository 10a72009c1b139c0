import { createRoute } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import { toJsonCents } from '../../domain/money.js';
import { readWallet } from '../../domain/wallet.js';
import { newRouter } from '../router.js';
import { bearerSecurity, errorResponses, json, Wallet } from './schemas.js';

const getWallet = createRoute({
  method: 'get',
  path: '/wallet',
  tags: ['Portal'],
  summary: 'Balance, held and available funds, and the funding status with each bid’s coverage',
  security: bearerSecurity,
  responses: { 200: json(Wallet, 'The wallet'), 401: errorResponses[401], 404: errorResponses[404] },
});

export const walletRoutes = ({ db, clock }: Deps) =>
  newRouter().openapi(getWallet, async (c) => {
    const { providerId, customer } = c.get('scope');
    const wallet = await readWallet(db, { providerId, customerId: customer.id }, clock);
    return c.json(
      {
        balance_cents: toJsonCents(wallet.balanceCents),
        held_cents: toJsonCents(wallet.heldCents),
        available_cents: toJsonCents(wallet.availableCents),
        currency: wallet.currency,
        funding: {
          status: wallet.funding.status,
          bids: wallet.funding.bids.map(({ bid, covered }) => ({ bid_id: bid.id, name: bid.name, amount_cents: toJsonCents(bid.amountCents), covered })),
          min_bid_cents: wallet.minBidCents === null ? null : toJsonCents(wallet.minBidCents),
          caps: { customer_capped: wallet.caps.customerCapped, capped_bid_ids: wallet.caps.cappedBidIds },
        },
        server_time: clock.now().toISOString(),
      },
      200,
    );
  });
