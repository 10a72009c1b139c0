import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.js';
import type { OutcomeRecorder } from '../../domain/auction/outcomes.js';
import { ingestLead } from '../../domain/auction/ingest.js';
import { toJsonCents } from '../../domain/money.js';
import { newRouter } from '../router.js';
import { apiKeySecurity, json, providerErrors } from './schemas.js';

const optionalText = z.string().max(500).optional();

const NewLead = z
  .strictObject({
    external_id: z.string().trim().min(1).max(200).openapi({ description: 'Your id for the lead; a repeat returns the first result', example: 'lead-1001' }),
    lead_type: z.string().min(1).max(200).openapi({ description: 'The lead type id or name', example: 'Auto insurance' }),
    fields: z
      .object({
        first_name: optionalText,
        last_name: optionalText,
        email: optionalText,
        phone: optionalText,
        address: optionalText,
        city: optionalText,
        state: optionalText,
        zip: optionalText,
        county: optionalText,
      })
      .catchall(z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
      .openapi({ description: 'Contact fields plus the lead type\'s own fields' }),
  })
  .openapi('NewLead');

const IngestedLead = z
  .object({
    lead_id: z.string(),
    status: z.enum(['assigned', 'unsold', 'listed']).openapi({ description: '`listed`: nobody won and your marketplace is on, so the lead is listed on your default terms' }),
    winners: z.array(z.object({ customer_id: z.string().openapi({ description: 'Your external customer id' }), bid_id: z.string(), price_cents: z.number().int() })),
  })
  .openapi('IngestedLead');

const postLead = createRoute({
  method: 'post',
  path: '/leads',
  tags: ['Provider'],
  summary: 'Ingest a lead and run its auction (idempotent by external_id)',
  description: 'A repeated `external_id` answers with the first result; while that first auction still runs it answers 409 `lead_in_progress`: retry shortly.',
  security: apiKeySecurity,
  request: { body: { required: true, content: { 'application/json': { schema: NewLead } } } },
  responses: { 200: json(IngestedLead, 'The lead and its winners'), 400: providerErrors[400], 401: providerErrors[401], 409: providerErrors[409] },
});

export const leadRoutes = (deps: Deps, outcomes: OutcomeRecorder) =>
  newRouter().openapi(postLead, async (c) => {
    const { providerId } = c.get('provider');
    const input = c.req.valid('json');
    const result = await ingestLead({ ...deps, outcomes }, providerId, { externalId: input.external_id, leadType: input.lead_type, fields: input.fields });
    return c.json(
      {
        lead_id: result.leadId,
        status: result.status,
        winners: result.winners.map((w) => ({ customer_id: w.customerExternalId, bid_id: w.bidId, price_cents: toJsonCents(w.priceCents) })),
      },
      200,
    );
  });
