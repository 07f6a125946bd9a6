// The eSputnik emulator's contacts: kept by eSputnik's own id and found again by externalCustomerId,
// e-mail (any letter case) or phone, as eSputnik finds them:
//   - an event's contact, from its params, names compared in any letter case (the Generate event
//     page: "By default, the system searches for the following parameters excluding the register:
//     ContactId, Contact_id, Email, EmailAddress, UserEmail, ContactEmail, Phone, SMS, PhoneNumber …
//     All values, except for the email address, are mapped including the register"; orderCreated:
//     "The contact ID must be one of the following: externalCustomerId, email, phone");
//   - an Add orders order's, from its externalCustomerId, email or phone ("Orders automation");
//   - an imported one, by the field `dedupeOn` names (`externalCustomerId`, `email`, `sms`;
//     yespo-shopify update-contacts.ts, yespo-woocommerce Yespo_Contact_Mapping.php);
//   - "Add/update a contact" (one) matches externalCustomerId, then e-mail, then phone (eSputnik's
//     newer "Adding new contacts" page: the method "creates or updates" a contact; the older warning
//     that it "always creates a new contact" is the older source).
// A deleted contact (erase=false) is kept but matches nothing until restored; an erased one is gone.
import type { CheckedContact } from './esputnik-validate.js';
import type { EsputnikContactState } from './types.js';

export type DedupeOn = 'externalCustomerId' | 'email' | 'sms';

const EMAIL_PARAMS = new Set(['email', 'emailaddress', 'useremail', 'contactemail']);
const PHONE_PARAMS = new Set(['phone', 'sms', 'phonenumber']);
const ID_PARAMS = new Set(['contactid', 'contact_id']);

/** The identifiers an event names, read from its params in any letter case. */
export function contactIdentifiers(params: Record<string, string>): CheckedContact & { contactId?: number } {
  const out: CheckedContact & { contactId?: number } = {};
  for (const [name, value] of Object.entries(params)) {
    const n = name.toLowerCase();
    if (value === '') continue;
    if (n === 'externalcustomerid') out.externalCustomerId ??= value;
    else if (EMAIL_PARAMS.has(n)) out.email ??= value.toLowerCase();
    else if (PHONE_PARAMS.has(n)) out.phone ??= value;
    else if (ID_PARAMS.has(n) && /^\d+$/.test(value)) out.contactId ??= Number(value);
  }
  return out;
}

/** How a message names what was looked for: `externalCustomerId "c1", email "a@example.com"`. */
export function describeIdentifiers(who: CheckedContact & { contactId?: number }): string {
  const parts: string[] = [];
  if (who.contactId !== undefined) parts.push(`ContactId ${who.contactId}`);
  if (who.externalCustomerId !== undefined) parts.push(`externalCustomerId ${JSON.stringify(who.externalCustomerId)}`);
  if (who.email !== undefined) parts.push(`email ${JSON.stringify(who.email)}`);
  if (who.phone !== undefined) parts.push(`phone ${JSON.stringify(who.phone)}`);
  return parts.length > 0 ? parts.join(', ') : 'no contact identifier';
}

export class ContactBook {
  private nextId = 1;
  private readonly byExternal = new Map<string, EsputnikContactState>();
  private readonly byEmail = new Map<string, EsputnikContactState>();
  private readonly byPhone = new Map<string, EsputnikContactState>();

  constructor(readonly contacts: Map<number, EsputnikContactState>) {}

  private index(c: EsputnikContactState): void {
    if (c.externalCustomerId !== undefined) this.byExternal.set(c.externalCustomerId, c);
    if (c.email !== undefined) this.byEmail.set(c.email, c);
    if (c.phone !== undefined) this.byPhone.set(c.phone, c);
  }

  private unindex(c: EsputnikContactState): void {
    if (c.externalCustomerId !== undefined && this.byExternal.get(c.externalCustomerId) === c)
      this.byExternal.delete(c.externalCustomerId);
    if (c.email !== undefined && this.byEmail.get(c.email) === c) this.byEmail.delete(c.email);
    if (c.phone !== undefined && this.byPhone.get(c.phone) === c) this.byPhone.delete(c.phone);
  }

  /** The contact (deleted ones included) with this value of one identifier. */
  private by(field: DedupeOn, value: string | undefined): EsputnikContactState | undefined {
    if (value === undefined) return undefined;
    if (field === 'externalCustomerId') return this.byExternal.get(value);
    if (field === 'email') return this.byEmail.get(value.toLowerCase());
    return this.byPhone.get(value);
  }

  /** The live contact these identifiers name, strongest first; undefined when eSputnik has none. */
  find(who: CheckedContact & { contactId?: number }): EsputnikContactState | undefined {
    const candidates = [
      who.contactId === undefined ? undefined : this.contacts.get(who.contactId),
      this.by('externalCustomerId', who.externalCustomerId),
      this.by('email', who.email),
      this.by('sms', who.phone),
    ];
    return candidates.find((c) => c !== undefined && !c.deleted);
  }

  /** Creates the contact, or updates the one found on `dedupeOn` (one: id, then e-mail, then phone). */
  upsert(
    contact: CheckedContact,
    dedupeOn: DedupeOn | 'any',
    restoreDeleted: boolean,
  ): { state: EsputnikContactState; outcome: 'new' | 'updated' | 'restored' } | { skipped: string } {
    const found =
      dedupeOn === 'any'
        ? (this.by('externalCustomerId', contact.externalCustomerId) ??
          this.by('email', contact.email) ??
          this.by('sms', contact.phone))
        : this.by(
            dedupeOn,
            dedupeOn === 'email' ? contact.email : dedupeOn === 'sms' ? contact.phone : contact.externalCustomerId,
          );
    if (found?.deleted && !restoreDeleted)
      return { skipped: `contact ${found.id} was deleted: pass restoreDeleted to bring it back` };
    if (found) {
      const outcome = found.deleted ? 'restored' : 'updated';
      this.unindex(found);
      Object.assign(found, contact, { deleted: false });
      this.index(found);
      return { state: found, outcome };
    }
    const state: EsputnikContactState = { id: this.nextId++, ...contact, deleted: false };
    this.contacts.set(state.id, state);
    this.index(state);
    return { state, outcome: 'new' };
  }

  /** `erase=true` removes the contact and everything about it; `false` marks it deleted. */
  remove(state: EsputnikContactState, erase: boolean): void {
    if (!erase) {
      state.deleted = true;
      return;
    }
    this.unindex(state);
    this.contacts.delete(state.id);
  }

  /** Live contacts with these identifier values (the search of `GET /v1/contacts`). */
  search(query: { email?: string; sms?: string; externalCustomerId?: string }): EsputnikContactState[] {
    const out: EsputnikContactState[] = [];
    for (const c of this.contacts.values()) {
      if (c.deleted) continue;
      if (query.email !== undefined && c.email !== query.email.toLowerCase()) continue;
      if (query.sms !== undefined && c.phone !== query.sms) continue;
      if (query.externalCustomerId !== undefined && c.externalCustomerId !== query.externalCustomerId) continue;
      out.push(c);
    }
    return out;
  }

  /** The externalCustomerId's contact, deleted or not. */
  byExternalId(id: string): EsputnikContactState | undefined {
    return this.byExternal.get(id);
  }
}
