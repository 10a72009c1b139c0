/** The API's reply types, named. Generated schemas live in `./api-types.js` (DECISIONS D28). */
import type { components } from './api-types.js';

type Schemas = components['schemas'];

export type Session = Schemas['Session'];
export type CustomerSummary = Schemas['CustomerSummary'];
export type CustomerList = Schemas['CustomerList'];
export type Wallet = Schemas['Wallet'];
export type Badge = Schemas['Badge'];
export type Tier = Schemas['Tier'];
export type AccountStatus = Schemas['AccountStatus'];
export type ApiErrorBody = Schemas['ApiErrorBody'];

export type Provider = Session['provider'];
export type FundingStatus = Wallet['funding']['status'];
export type BidCoverage = Wallet['funding']['bids'][number];
export type DisplayStatus = AccountStatus['display_status'];
export type CustomerStatus = CustomerSummary['status'];
export type TierEffect = Tier['effect'];
