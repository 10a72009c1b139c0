import { typeid } from 'typeid-js';

/** Opaque, sortable, prefixed public ids (SPEC: never sequential integers). */
export type IdPrefix =
  | 'prv' | 'key' | 'sk' | 'usr' | 'cus' | 'tier' | 'lcat' | 'lt' | 'lead' | 'bid' | 'lst' | 'bo' | 'so' | 'pur'
  | 'ret' | 'cap' | 'pm' | 'pay' | 'txn' | 'rcp' | 'whs' | 'inv' | 'dlv';

export const newId = (prefix: IdPrefix): string => typeid(prefix).toString();
