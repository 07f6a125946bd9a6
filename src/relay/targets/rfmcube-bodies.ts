// The bodies of Rfmcube's single-record routes, as documented (pure): `merge_customer`
// `{ triggerIntegrations, customer }`, `merge_order` `{ triggerIntegrations, order: { …, customerEmail,
// customerId } }`, `delete_customer` `{ id?, email? }`. Orders are mapped by the sync's mapper.
import { createHash } from 'node:crypto';
import {
  rfmcubeDate,
  type RfmcubeCustomer,
  type RfmcubeCustomerFields,
  type RfmcubeOrder,
  type RfmcubeValue,
} from '../../sync/destinations/rfmcube/map.js';
import { readCustomer } from '../change.js';
import type { Deletion } from '../types.js';

/** A customer without orders, as `merge_customer` takes it. */
export interface RfmcubeMergeCustomer extends RfmcubeCustomerFields {
  /** Descriptors of the customer. */
  [descriptor: string]: RfmcubeValue | undefined;
}

export interface MergeCustomerBody {
  triggerIntegrations: boolean;
  customer: RfmcubeMergeCustomer;
}

export interface MergeOrderBody {
  triggerIntegrations: boolean;
  order: RfmcubeOrder & { customerEmail: string; customerId?: string };
}

/**
 * A customer change → the customer `merge_customer` takes: e-mail (required, Rfmcube's primary key),
 * id, first and last name, createdAt (required) and updatedAt (else createdAt). Or every problem.
 */
export function rfmcubeCustomerOf(
  value: Record<string, unknown>,
): { customer: RfmcubeMergeCustomer } | { problems: string[] } {
  const { customer, problems } = readCustomer(value);
  if (customer.email === undefined && !problems.some((p) => p.startsWith('email ')))
    problems.push('email is missing: Rfmcube identifies customers by e-mail');
  if (customer.createdAtMs === undefined && !problems.some((p) => p.startsWith('customer.createdAt ')))
    problems.push(
      "createdAt is missing: Rfmcube needs the customer's creation time (epoch ms, epoch seconds or an ISO 8601 date)",
    );
  if (problems.length > 0 || customer.email === undefined || customer.createdAtMs === undefined) return { problems };
  const out: RfmcubeMergeCustomer = {
    email: customer.email,
    createdAt: rfmcubeDate(customer.createdAtMs),
    updatedAt: rfmcubeDate(customer.updatedAtMs ?? customer.createdAtMs),
  };
  if (customer.id !== undefined) out.id = customer.id;
  if (customer.firstName !== undefined) out.firstname = customer.firstName;
  if (customer.lastName !== undefined) out.lastname = customer.lastName;
  return { customer: out };
}

/** The sync mapper's customer-with-one-order → the customer and the order, apart. */
export function splitMapped(mapped: RfmcubeCustomer): { customer: RfmcubeMergeCustomer; order: RfmcubeOrder } {
  const { orders, ...customer } = mapped;
  return { customer: customer as RfmcubeMergeCustomer, order: orders[0]! };
}

export function mergeCustomerBody(customer: RfmcubeMergeCustomer, triggerIntegrations: boolean): MergeCustomerBody {
  return { triggerIntegrations, customer };
}

export function mergeOrderBody(
  order: RfmcubeOrder,
  customer: RfmcubeMergeCustomer,
  triggerIntegrations: boolean,
): MergeOrderBody {
  return {
    triggerIntegrations,
    order: {
      ...order,
      customerEmail: customer.email,
      ...(customer.id === undefined ? {} : { customerId: customer.id }),
    },
  };
}

export function deleteBody(who: Deletion): Deletion {
  return { ...(who.id === undefined ? {} : { id: who.id }), ...(who.email === undefined ? {} : { email: who.email }) };
}

/**
 * What the relay remembers of a customer it sent: their fields except the dates (which follow each
 * order). A customer whose name or id changed is merged again; the same customer is not.
 */
export function customerFingerprint(customer: RfmcubeMergeCustomer): string {
  const { createdAt: _c, updatedAt: _u, ...fields } = customer;
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);
}
