import type { components } from '../core/api-types.js';

/** The billing API's reply types (generated: DECISIONS D28). */
type Schemas = components['schemas'];
export type BillingConfig = Schemas['BillingConfig'];
export type AutoRecharge = Schemas['AutoRecharge'];
export type AutoRechargeUpdate = Schemas['AutoRechargeUpdate'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type PaymentMethodList = Schemas['PaymentMethodList'];
export type CardSetup = Schemas['CardSetup'];
export type Payment = Schemas['Payment'];
export type WalletTransaction = Schemas['WalletTransaction'];
export type TransactionList = Schemas['TransactionList'];
export type TransactionType = Schemas['TransactionType'];
