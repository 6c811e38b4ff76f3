import { describe, expect, it } from 'vitest';
import { jobPayloadMentionsCustomer } from '../../server/compliance/job-payload-mentions-customer.js';

const john = { customerId: '191167', emails: ['john@example.com'] };

describe('jobPayloadMentionsCustomer', () => {
  it('finds the customer id as a whole number or inside a gid, and the email in any case', () => {
    expect(jobPayloadMentionsCustomer('{"customer":{"id":191167}}', john)).toBe(true);
    expect(jobPayloadMentionsCustomer('{"customer_id": 191167, "x": 1}', john)).toBe(true);
    expect(jobPayloadMentionsCustomer('{"admin_graphql_api_id":"gid://shopify/Customer/191167"}', john)).toBe(true);
    expect(jobPayloadMentionsCustomer('{"email":"John@Example.COM"}', john)).toBe(true);
  });

  it('does not match other numbers or emails that merely contain them', () => {
    expect(jobPayloadMentionsCustomer('{"id":1911670,"n":2191167,"price":"191167.50"}', john)).toBe(false);
    expect(jobPayloadMentionsCustomer('{"email":"xjohn@example.com","other":"john@example.com.au"}', john)).toBe(false);
  });

  it('keeps ids above 2^53 exact (text, not parsed numbers)', () => {
    const big = { customerId: '9007199254740993', emails: [] };
    expect(jobPayloadMentionsCustomer('{"customer":{"id":9007199254740993}}', big)).toBe(true);
    expect(jobPayloadMentionsCustomer('{"customer":{"id":9007199254740992}}', big)).toBe(false);
  });
});
