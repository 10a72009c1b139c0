/** The bid API's shapes, named (generated from the server's schemas: D28). */
import type { components } from '../core/api-types.js';

type Schemas = components['schemas'];

export type Bid = Schemas['Bid'];
export type BidList = Schemas['BidList'];
export type NewBid = Schemas['NewBid'];
export type BidRule = Schemas['BidFieldRule'];
export type BidFilters = Schemas['BidFilters'];
export type LeadTypeOption = Schemas['LeadTypeOption'];
export type LeadTypeList = Schemas['LeadTypeList'];
export type BidStatus = Bid['status'];
export type NotCompetingReason = Bid['not_competing_reason'];
export type ScopeKind = Bid['scope']['kind'];
export type RuleOp = BidRule['op'];
export type Weekday = NonNullable<Bid['schedule']>['weekdays'][number];
export type LeadField = LeadTypeOption['fields'][number];

/** What `<lp-bids-manager>` did to a bid (DECISIONS D22). */
export type BidChangeAction = 'created' | 'updated' | 'paused' | 'resumed' | 'duplicated' | 'archived' | 'deleted';
