import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMailchimp, type FakeMailchimp } from './start-fake-mailchimp.js';
import { subscriberHash } from './fake-members.js';
import { API_KEY, LIST, callFake } from './call-fake-mailchimp.js';

let fake: FakeMailchimp;
beforeEach(async () => { fake = await startFakeMailchimp({ apiKey: API_KEY, audiences: [{ id: LIST, name: 'Shop' }], now: () => Date.parse('2026-11-29T00:00:00Z') }); });
afterEach(async () => { await fake.close(); });

const memberPath = (email: string) => `/lists/${LIST}/members/${subscriberHash(email)}`;
const put = (email: string, body: Record<string, unknown>) => callFake(fake, 'PUT', memberPath(email), { email_address: email, ...body });

describe('fake Mailchimp: auth', () => {
  it('accepts Basic auth with any user and the key; answers 401 problem+json otherwise', async () => {
    expect((await callFake(fake, 'GET', `/lists/${LIST}`)).status).toBe(200);
    const missing = await callFake(fake, 'GET', `/lists/${LIST}`, undefined, { apiKey: null });
    expect(missing.status).toBe(401);
    expect(missing.contentType).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ title: 'API Key Missing', status: 401, type: expect.stringContaining('mailchimp.com') });
    const wrong = await callFake(fake, 'GET', `/lists/${LIST}`, undefined, { apiKey: 'ffff-us1' });
    expect(wrong.body).toMatchObject({ title: 'API Key Invalid', status: 401 });
    expect(typeof wrong.body?.instance).toBe('string');
    expect(fake.state.requests.map((r) => r.status)).toEqual([200, 401, 401]);
  });

  it('rejects an api key without a data center suffix at start-up', async () => {
    await expect(startFakeMailchimp({ apiKey: 'nodatacenter' })).rejects.toThrow(/<hex>-<dc>/);
  });
});

describe('fake Mailchimp: audience and members', () => {
  it('describes the audience with member counts by status', async () => {
    fake.seedMember(LIST, 'gone@example.com', 'unsubscribed');
    await put('a@example.com', { status_if_new: 'subscribed' });
    const list = await callFake(fake, 'GET', `/lists/${LIST}`);
    expect(list.body).toMatchObject({ id: LIST, name: 'Shop', stats: { member_count: 1, unsubscribe_count: 1, cleaned_count: 0 } });
    expect((await callFake(fake, 'GET', '/lists/nope')).body).toMatchObject({ status: 404, title: 'Resource Not Found' });
  });

  it('creates a member with status_if_new, keyed by md5 of the trimmed lowercased address', async () => {
    const res = await callFake(fake, 'PUT', memberPath('Ann@Example.com'), { email_address: '  Ann@Example.com ', status_if_new: 'transactional', merge_fields: { FNAME: 'Ann' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: subscriberHash('ann@example.com'), email_address: 'Ann@Example.com', status: 'transactional', merge_fields: { FNAME: 'Ann' }, list_id: LIST });
    expect((await callFake(fake, 'GET', memberPath('ann@example.com'))).body).toMatchObject({ status: 'transactional' });
  });

  it('never resubscribes an unsubscribed member through status_if_new, and still updates its fields', async () => {
    fake.seedMember(LIST, 'out@example.com', 'unsubscribed');
    const res = await put('out@example.com', { status_if_new: 'subscribed', merge_fields: { FNAME: 'Ola' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'unsubscribed', merge_fields: { FNAME: 'Ola' } });
  });

  it('lets status change an existing member, but answers Member In Compliance State for opting an opt-out in', async () => {
    fake.seedMember(LIST, 'sub@example.com', 'subscribed');
    expect((await put('sub@example.com', { status_if_new: 'subscribed', status: 'transactional' })).body).toMatchObject({ status: 'transactional' });
    fake.seedMember(LIST, 'out@example.com', 'unsubscribed');
    const res = await put('out@example.com', { status_if_new: 'subscribed', status: 'subscribed' });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      title: 'Member In Compliance State', status: 400,
      detail: 'out@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.',
    });
    expect(fake.state.audiences.get(LIST)?.members.get(subscriberHash('out@example.com'))?.status).toBe('unsubscribed');
  });

  it('keeps a cleaned member cleaned whatever is sent', async () => {
    fake.seedMember(LIST, 'bounce@example.com', 'cleaned');
    expect((await put('bounce@example.com', { status_if_new: 'subscribed', merge_fields: { FNAME: 'B' } })).body).toMatchObject({ status: 'cleaned', merge_fields: {} });
    expect((await put('bounce@example.com', { status_if_new: 'subscribed', status: 'subscribed' })).body).toMatchObject({ title: 'Member In Compliance State' });
    expect((await put('bounce@example.com', { status_if_new: 'subscribed', status: 'transactional' })).body).toMatchObject({ status: 'cleaned' });
  });

  it('answers Forgotten Email Not Subscribed for a permanently deleted address', async () => {
    fake.forget(LIST, 'erased@example.com');
    const res = await put('erased@example.com', { status_if_new: 'subscribed' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'Forgotten Email Not Subscribed', detail: expect.stringContaining('cannot be re-imported') });
    expect(fake.state.audiences.get(LIST)?.members.size).toBe(0);
  });

  it('rejects a subscriber hash that is not md5(lowercase(trimmed email)) and stores nothing', async () => {
    const res = await callFake(fake, 'PUT', memberPath('other@example.com'), { email_address: 'a@example.com', status_if_new: 'subscribed' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'Invalid Resource', errors: [{ field: 'subscriber_hash' }] });
    expect(fake.state.audiences.get(LIST)?.members.size).toBe(0);
  });

  it('validates bodies against the spec subset: required fields, enums, types, date-times, JSON', async () => {
    const missing = await callFake(fake, 'PUT', memberPath('a@example.com'), { email_address: 'a@example.com' });
    expect(missing.body).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'status_if_new', message: 'This value is required' }] });
    const badEnum = await put('a@example.com', { status_if_new: 'archived' });
    expect(badEnum.body).toMatchObject({ errors: [{ field: 'status_if_new', message: expect.stringContaining('subscribed') }] });
    const badTypes = await put('a@example.com', { status_if_new: 'subscribed', vip: 'yes', timestamp_opt: 'yesterday' });
    expect((badTypes.body?.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual(['timestamp_opt', 'vip']);
    const notJson = await callFake(fake, 'PUT', memberPath('a@example.com'), '{nope');
    expect(notJson.body).toMatchObject({ status: 400, title: 'JSON Parse Error' });
    const fakeAddress = await put('not-an-email', { status_if_new: 'subscribed' });
    expect(fakeAddress.body).toMatchObject({ title: 'Invalid Resource', detail: expect.stringContaining('looks fake or invalid') });
    expect(fake.state.audiences.get(LIST)?.members.size).toBe(0);
  });
});

describe('fake Mailchimp: member listing', () => {
  it('pages members by offset, filters by status and bounds count to 1000', async () => {
    for (const n of [1, 2, 3]) fake.seedMember(LIST, `c${n}@example.com`, 'cleaned');
    fake.seedMember(LIST, 's@example.com', 'subscribed');
    const page = await callFake(fake, 'GET', `/lists/${LIST}/members?status=cleaned&count=2&offset=1`);
    expect(page.body).toMatchObject({ total_items: 3, list_id: LIST });
    expect((page.body?.members as Array<{ email_address: string }>).map((m) => m.email_address)).toEqual(['c2@example.com', 'c3@example.com']);
    const tooMany = await callFake(fake, 'GET', `/lists/${LIST}/members?count=1001`);
    expect(tooMany.body).toMatchObject({ status: 400, errors: [{ field: 'count' }] });
  });
});

describe('fake Mailchimp: tags', () => {
  it('adds active tags, removes inactive ones, matches names case-insensitively, and lists them', async () => {
    await put('t@example.com', { status_if_new: 'subscribed' });
    const tagsPath = `${memberPath('t@example.com')}/tags`;
    const add = await callFake(fake, 'POST', tagsPath, { tags: [{ name: 'ss_champions', status: 'active' }, { name: 'ss_at_risk', status: 'active' }] });
    expect(add).toMatchObject({ status: 204, body: undefined });
    await callFake(fake, 'POST', tagsPath, { tags: [{ name: 'SS_AT_RISK', status: 'inactive' }, { name: 'ss_champions', status: 'active' }] });
    const listed = await callFake(fake, 'GET', tagsPath);
    expect(listed.body).toMatchObject({ total_items: 1, tags: [{ name: 'ss_champions', date_added: '2026-11-29T00:00:00.000Z' }] });
    expect((await callFake(fake, 'GET', memberPath('t@example.com'))).body).toMatchObject({ tags_count: 1, tags: [{ name: 'ss_champions' }] });
  });

  it('rejects a tag status outside active|inactive and tags for unknown members', async () => {
    await put('t@example.com', { status_if_new: 'subscribed' });
    const bad = await callFake(fake, 'POST', `${memberPath('t@example.com')}/tags`, { tags: [{ name: 'x', status: 'on' }] });
    expect(bad.body).toMatchObject({ status: 400, errors: [{ field: 'tags[0].status' }] });
    const noName = await callFake(fake, 'POST', `${memberPath('t@example.com')}/tags`, { tags: [{ status: 'active' }] });
    expect(noName.body).toMatchObject({ status: 400, errors: [{ field: 'tags[0].name' }] });
    const unknown = await callFake(fake, 'POST', `${memberPath('nobody@example.com')}/tags`, { tags: [{ name: 'x', status: 'active' }] });
    expect(unknown.body).toMatchObject({ status: 404, title: 'Resource Not Found' });
    expect(fake.state.audiences.get(LIST)?.members.get(subscriberHash('t@example.com'))?.tags.size).toBe(0);
  });
});
