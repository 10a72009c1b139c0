/** The notifications API's shapes, named (generated from the server's schemas: D28). */
import type { components } from '../core/api-types.js';

type Schemas = components['schemas'];

export type Recipient = Schemas['Recipient'];
export type RecipientList = Schemas['RecipientList'];
export type RecipientSaved = Schemas['RecipientSaved'];
export type NewRecipient = Schemas['NewRecipient'];
export type Delivery = Schemas['Delivery'];
export type DeliveryList = Schemas['DeliveryList'];
export type NotificationSettings = Schemas['NotificationSettings'];
export type SigningSecretStatus = Schemas['SigningSecretStatus'];
export type RotatedSecret = Schemas['RotatedSecret'];
export type TestSendResult = Schemas['TestSendResult'];
export type Channel = Schemas['NotificationChannel'];
export type NotificationKind = Schemas['NotificationKind'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type WebhookMethod = Schemas['WebhookMethod'];
export type BidList = Schemas['BidList'];
