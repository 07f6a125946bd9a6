// What the relay remembers of eSputnik (pure): the contacts it sent (so an order of a customer it has
// not sent creates the contact first), in which form, and the order ids eSputnik has had (which event
// type fits the next change). Keys are per account: another key or address starts afresh.
import { contactEmail, contactFingerprint, type EsputnikContactRef } from '../../sync/destinations/esputnik/contact.js';
import type { Fact, MemoryReader } from '../memory.js';

export interface EsputnikFacts {
  /** The fact that the contact is in eSputnik in this form. */
  contact(ref: EsputnikContactRef): { set: string; value: string };
  /** Whether the relay sent this contact in this form. */
  knows(memory: MemoryReader, ref: EsputnikContactRef): Promise<boolean>;
  /** Facts forgetting every contact with this id or e-mail (after an erasure). */
  forget(memory: MemoryReader, who: { id?: string; email?: string }): Promise<Fact[]>;
  /** The memory key of an order id. */
  order(orderId: string): string;
}

export function esputnikFacts(account: string): EsputnikFacts {
  const contactPrefix = `${account} contact `;
  const orderPrefix = `${account} order `;
  const contact = (ref: EsputnikContactRef) => ({
    set: contactPrefix + ref.key,
    value: JSON.stringify([
      contactFingerprint(ref.contact),
      ref.contact.externalCustomerId ?? '',
      contactEmail(ref.contact) ?? '',
    ]),
  });
  return {
    contact,
    knows: async (memory, ref) => (await memory.get(contactPrefix + ref.key)) === contact(ref).value,
    async forget(memory, { id, email }) {
      const facts: Fact[] = [];
      for await (const [key, value] of memory.withPrefix(contactPrefix)) {
        let stored: unknown;
        try {
          stored = JSON.parse(value);
        } catch {
          stored = [];
        }
        const [, storedId, storedEmail] = Array.isArray(stored) ? (stored as string[]) : [];
        if ((id !== undefined && storedId === id) || (email !== undefined && storedEmail === email))
          facts.push({ forget: key });
      }
      return facts;
    },
    order: (orderId) => orderPrefix + orderId,
  };
}
