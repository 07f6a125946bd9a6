// What Rfmcube's import API checks in a body, as documented (pure): e-mail as primary key, ISO-8601
// UTC dates, an id, dates and an amount on every order. An import's top level (its flags and the
// customer list) is checked as it streams in, in rfmcube-import.ts.
import { isRecord } from '../decode.js';

const UTC_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isId(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** Problems of one order (`at` names where it is). */
export function orderProblems(order: unknown, at: string): string[] {
  if (!isRecord(order)) return [`${at} is not an object`];
  const problems: string[] = [];
  if (!isId(order.id)) problems.push(`${at}.id is required`);
  for (const field of ['createdAt', 'updatedAt']) {
    if (typeof order[field] !== 'string' || !UTC_DATE.test(order[field] as string))
      problems.push(`${at}.${field} must be ISO-8601 UTC like 2020-01-01T13:06:39Z`);
  }
  if (typeof order.amount !== 'number' || !Number.isFinite(order.amount))
    problems.push(`${at}.amount must be a number`);
  if (order.items !== undefined && !Array.isArray(order.items)) problems.push(`${at}.items must be a list`);
  return problems;
}

/** Problems of one customer, its orders included. */
export function customerProblems(customer: unknown, at: string): string[] {
  if (!isRecord(customer)) return [`${at} is not an object`];
  const problems: string[] = [];
  if (typeof customer.email !== 'string' || !EMAIL.test(customer.email))
    problems.push(`${at}.email is required (the customer's primary key)`);
  for (const field of ['createdAt', 'updatedAt']) {
    if (typeof customer[field] !== 'string' || !UTC_DATE.test(customer[field] as string))
      problems.push(`${at}.${field} must be ISO-8601 UTC like 2020-01-01T13:06:39Z`);
  }
  if (customer.orders !== undefined) {
    if (!Array.isArray(customer.orders)) problems.push(`${at}.orders must be a list`);
    else
      customer.orders.forEach((o, i) => {
        problems.push(...orderProblems(o, `${at}.orders[${i}]`));
      });
  }
  return problems;
}
