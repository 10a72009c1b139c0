import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.js';
import { bidActivity } from '../../domain/bid-activity.js';
import type { Bid, BidDraft } from '../../domain/bid-types.js';
import { archiveBid, createBid, deleteBid, duplicateBid, getBid, listBids, setBidStatus, updateBid, type BidActor } from '../../domain/bids.js';
import type { AppEnv } from '../../http/env.js';
import { idempotent, sha256Of, type IdempotencyKey, type Remember } from '../../lib/idempotency.js';
import { decodeTimeCursor, page, pageQuery } from '../../lib/pagination.js';
import { newRouter } from '../router.js';
import { competingContext, presentActivity, presentBids } from './bids.present.js';
import { BidActivity as BidActivityReply, Bid as BidReply, BidChanges, BidIdParam, BidList, NewBid } from './bids.schemas.js';
import { bearerSecurity, ErrorBody, errorResponses, json } from './schemas.js';

const tags = ['Bids'];
const writeErrors = { ...errorResponses, 409: json(ErrorBody, 'Bidding is off (bidding_disabled) or not unlocked yet (bidding_locked), or the Idempotency-Key was reused') };
const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

const list = createRoute({
  method: 'get', path: '/bids', tags, security: bearerSecurity,
  summary: 'The customer’s bids, newest first, with position and whether each competes now',
  request: { query: pageQuery },
  responses: { 200: json(BidList, 'A page of bids'), 400: errorResponses[400], 401: errorResponses[401] },
});
const create = createRoute({
  method: 'post', path: '/bids', tags, security: bearerSecurity,
  summary: 'Create a bid; an Idempotency-Key header makes retries safe',
  request: { headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }), ...jsonBody(NewBid) },
  responses: { 201: json(BidReply, 'The new bid'), ...writeErrors },
});
const read = createRoute({
  method: 'get', path: '/bids/{id}', tags, security: bearerSecurity, summary: 'One bid',
  request: { params: BidIdParam },
  responses: { 200: json(BidReply, 'The bid'), 401: errorResponses[401], 404: errorResponses[404] },
});
const update = createRoute({
  method: 'patch', path: '/bids/{id}', tags, security: bearerSecurity, summary: 'Change a bid; the result is validated as a whole',
  request: { params: BidIdParam, ...jsonBody(BidChanges) },
  responses: { 200: json(BidReply, 'The changed bid'), ...writeErrors },
});
const statusChange = (path: string, summary: string) =>
  createRoute({ method: 'post', path, tags, security: bearerSecurity, summary, request: { params: BidIdParam }, responses: { 200: json(BidReply, 'The bid'), ...writeErrors } });
const pause = statusChange('/bids/{id}/pause', 'Stop a bid competing');
const resume = statusChange('/bids/{id}/resume', 'Let a paused bid compete again');
const archive = statusChange('/bids/{id}/archive', 'Retire a bid: it stops competing for good and keeps its history (archiving twice changes nothing)');
const duplicate = createRoute({
  method: 'post', path: '/bids/{id}/duplicate', tags, security: bearerSecurity, summary: 'Copy a bid (the copy starts paused)',
  request: { params: BidIdParam },
  responses: { 201: json(BidReply, 'The copy'), ...writeErrors },
});
const activity = createRoute({
  method: 'get', path: '/bids/{id}/activity', tags, security: bearerSecurity,
  summary: 'What a bid won, spent and lost (by reason) this day, week and month',
  request: { params: BidIdParam },
  responses: { 200: json(BidActivityReply, 'The bid’s activity'), 401: errorResponses[401], 404: errorResponses[404] },
});
const remove = createRoute({
  method: 'delete', path: '/bids/{id}', tags, security: bearerSecurity, summary: 'Delete a bid (its history is kept)',
  request: { params: BidIdParam },
  responses: { 204: { description: 'Deleted' }, ...writeErrors },
});

type NewBidBody = z.infer<typeof NewBid>;
type BidChangesBody = z.infer<typeof BidChanges>;

const scopeOf = (s: NewBidBody['scope']) => ({ kind: s.kind, state: s.state, countyFips: s.county_fips });

function draftFrom(body: NewBidBody): BidDraft {
  return { name: body.name, leadTypeId: body.lead_type_id, amountCents: BigInt(body.amount_cents), scope: scopeOf(body.scope), filters: body.filters, schedule: body.schedule };
}

function changesFrom(body: BidChangesBody): Partial<BidDraft> {
  return {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.lead_type_id !== undefined && { leadTypeId: body.lead_type_id }),
    ...(body.amount_cents !== undefined && { amountCents: BigInt(body.amount_cents) }),
    ...(body.scope !== undefined && { scope: scopeOf(body.scope) }),
    ...(body.filters !== undefined && { filters: body.filters }),
    ...(body.schedule !== undefined && { schedule: body.schedule }),
  };
}

export const bidRoutes = ({ db, events, clock }: Deps) => {
  const deps = { db, events };
  const actorOf = (c: Context<AppEnv>): BidActor => {
    const { providerId, userId, customer } = c.get('scope');
    return { providerId, customerId: customer.id, userId };
  };
  const present = async (c: Context<AppEnv>, bids: Bid[], via = db) => {
    const actor = actorOf(c);
    return presentBids(via, actor, bids, await competingContext(via, actor, c.get('scope').customer.status, clock));
  };
  const one = async (c: Context<AppEnv>, bid: Bid) => (await present(c, [bid]))[0]!;

  return newRouter()
    .openapi(list, async (c) => {
      const { cursor, limit } = c.req.valid('query');
      const after = decodeTimeCursor(cursor);
      const bids = await listBids(db, actorOf(c), { after, limit });
      const { items, next_cursor } = page(bids, limit, (b) => [b.createdAt.toISOString(), b.id]);
      return c.json({ items: await present(c, items), next_cursor }, 200);
    })
    .openapi(create, async (c) => {
      const actor = actorOf(c);
      const body = c.req.valid('json');
      const header = c.req.valid('header')['idempotency-key'];
      const key: IdempotencyKey | null = header
        ? { providerId: actor.providerId, scope: `bids.create:${actor.customerId}`, key: header, requestSha256: sha256Of(body) }
        : null;
      const save = async (remember?: Remember) =>
        one(c, await createBid(deps, actor, draftFrom(body), remember && (async (trx, created) => remember(trx, (await present(c, [created], trx))[0]!))));
      const bid = key ? await idempotent(db, key, save, (stored) => stored as z.infer<typeof BidReply>) : await save();
      return c.json(bid, 201);
    })
    .openapi(read, async (c) => c.json(await one(c, await getBid(db, actorOf(c), c.req.valid('param').id)), 200))
    .openapi(activity, async (c) => {
      const actor = actorOf(c);
      const bid = await getBid(db, actor, c.req.valid('param').id);
      const now = clock.now();
      const found = (await bidActivity(db, actor, [bid.id], now)).get(bid.id)!;
      return c.json(presentActivity(bid.id, c.get('scope').customer.timezone, found, now), 200);
    })
    .openapi(update, async (c) => {
      const bid = await updateBid(deps, actorOf(c), c.req.valid('param').id, changesFrom(c.req.valid('json')));
      return c.json(await one(c, bid), 200);
    })
    .openapi(pause, async (c) => c.json(await one(c, await setBidStatus(deps, actorOf(c), c.req.valid('param').id, 'paused')), 200))
    .openapi(resume, async (c) => c.json(await one(c, await setBidStatus(deps, actorOf(c), c.req.valid('param').id, 'active')), 200))
    .openapi(archive, async (c) => c.json(await one(c, await archiveBid(deps, actorOf(c), c.req.valid('param').id)), 200))
    .openapi(duplicate, async (c) => c.json(await one(c, await duplicateBid(deps, actorOf(c), c.req.valid('param').id)), 201))
    .openapi(remove, async (c) => {
      await deleteBid(deps, actorOf(c), c.req.valid('param').id);
      return c.body(null, 204);
    });
};
