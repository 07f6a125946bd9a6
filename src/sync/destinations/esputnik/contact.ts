// A shop customer → the eSputnik contact that "Add/update a contact" (`POST /v1/contact`) and
// "Add/update contacts" (`POST /v1/contacts`) take, and the identifier it is deduplicated on (pure).
// The shape follows eSputnik's official clients: Yespo-CDP/yespo-shopify
// app/worker/services/create-contact-payload.ts (`firstName`, `lastName`, `channels: [{ type:
// 'email' | 'sms', value }]`, `externalCustomerId`) and app/api/update-contacts.ts (`dedupeOn:
// 'externalCustomerId'`), Yespo-CDP/yespo-woocommerce integrations/esputnik/Yespo_Contact_Mapping.php
// (`dedupeOn: 'email'` for a contact known by e-mail only).
import { createHash } from 'node:crypto';
import type { OrderCustomer } from '../../order/read-order.js';

/** A channel of an eSputnik contact: its e-mail (`email`) or phone (`sms`). */
export interface EsputnikChannel {
  /** `email` or `sms` (eSputnik's name for the phone channel). */
  type: 'email' | 'sms';
  /** The address or number. */
  value: string;
}

/** An eSputnik contact as cartbeacon sends it. */
export interface EsputnikContact {
  /** The shop's customer id: eSputnik's recommended main identifier. */
  externalCustomerId?: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** The e-mail and the phone, when known. */
  channels: EsputnikChannel[];
}

/** What a bulk import deduplicates a contact on: its id, else its e-mail, else its phone (`sms`). */
export type EsputnikDedupeOn = 'externalCustomerId' | 'email' | 'sms';

/** A contact and how it is found again. */
export interface EsputnikContactRef {
  contact: EsputnikContact;
  dedupeOn: EsputnikDedupeOn;
  /** `id <externalCustomerId>`, `email <e-mail>` or `sms <phone>`: one contact per key. */
  key: string;
}

export const ESPUTNIK_NO_CONTACT =
  'a contact is missing: eSputnik needs customerId, email or phone to find (or create) the contact the order belongs to';

/** The contact of a customer, deduplicated on the strongest identifier it has; undefined without any. */
export function esputnikContactOf(customer: OrderCustomer): EsputnikContactRef | undefined {
  const channels: EsputnikChannel[] = [];
  if (customer.email !== undefined) channels.push({ type: 'email', value: customer.email });
  if (customer.phone !== undefined) channels.push({ type: 'sms', value: customer.phone });
  const contact: EsputnikContact = { channels };
  if (customer.id !== undefined) contact.externalCustomerId = customer.id;
  if (customer.firstName !== undefined) contact.firstName = customer.firstName;
  if (customer.lastName !== undefined) contact.lastName = customer.lastName;
  if (customer.id !== undefined) return { contact, dedupeOn: 'externalCustomerId', key: `id ${customer.id}` };
  if (customer.email !== undefined) return { contact, dedupeOn: 'email', key: `email ${customer.email}` };
  if (customer.phone !== undefined) return { contact, dedupeOn: 'sms', key: `sms ${customer.phone}` };
  return undefined;
}

/** The contact's e-mail, when it has one. */
export function contactEmail(contact: EsputnikContact): string | undefined {
  return contact.channels.find((c) => c.type === 'email')?.value;
}

/** A short digest of what is sent for a contact: the same customer in the same form is not sent twice. */
export function contactFingerprint(contact: EsputnikContact): string {
  return createHash('sha256').update(JSON.stringify(contact)).digest('hex').slice(0, 16);
}
