import type { FakeKlaviyoState } from './fake-klaviyo-state.js';
import { membersOf } from './fake-klaviyo-state.js';
import { invalid, klaviyoError, type KlaviyoError } from './klaviyo-errors.js';
import { isValidEmail, upsertProfile, type Answer } from './fake-profiles.js';

interface SubscribeBody {
  data: {
    attributes: {
      custom_source?: string | null;
      historical_import?: boolean | null;
      profiles: { data: { id?: string | null; attributes: { email?: string | null; subscriptions: { email?: { marketing?: { consent: string; consented_at?: string | null } } } } }[] };
    };
    relationships?: { list?: { data?: { id: string } } };
  };
}

/** The spec: at most 1,000 profiles per subscribe job. */
export const MAX_PROFILES_PER_SUBSCRIBE = 1000;
/** The subscribe call lifts these suppressions, never a bounce or an invalid address (spec operation description). */
const LIFTED = ['UNSUBSCRIBE', 'SPAM_COMPLAINT', 'USER_SUPPRESSED'];

/**
 * POST /api/profile-subscription-bulk-create-jobs (body checked against the spec): 202 with no body.
 * `consented_at` only with `historical_import`, which requires it in the past; such profiles are
 * subscribed at once. Otherwise the opt-in process of the list (or the account default, double opt-in)
 * applies: double opt-in leaves consent unchanged until the shopper confirms, which a fake never does.
 */
export function createSubscriptionJob(state: FakeKlaviyoState, body: SubscribeBody, now: number): Answer {
  const { attributes, relationships } = body.data;
  const profiles = attributes.profiles.data;
  const historical = attributes.historical_import === true;
  if (profiles.length > MAX_PROFILES_PER_SUBSCRIBE) {
    return invalid(`At most ${MAX_PROFILES_PER_SUBSCRIBE} profiles may be subscribed per request.`, { pointer: '/data/attributes/profiles/data' });
  }
  const listId = relationships?.list?.data?.id ?? null;
  const list = listId === null ? null : state.lists.get(listId);
  if (list === undefined) return invalid(`A list with id ${listId} does not exist.`, { pointer: '/data/relationships/list/data/id' });

  const errors = profiles.flatMap((profile, i): KlaviyoError[] => {
    const at = `/data/attributes/profiles/data/${i}/attributes`;
    const marketing = profile.attributes.subscriptions.email?.marketing;
    const problems: KlaviyoError[] = [];
    if (marketing && typeof profile.id !== 'string' && !isValidEmail(profile.attributes.email)) {
      problems.push(klaviyoError(400, 'invalid', 'A valid email is required to subscribe to email marketing.', { pointer: `${at}/email` }));
    }
    const consentedAt = marketing?.consented_at ?? null;
    const pointer = `${at}/subscriptions/email/marketing/consented_at`;
    if (consentedAt !== null && !historical) problems.push(klaviyoError(400, 'invalid', 'consented_at may only be set with historical_import.', { pointer }));
    if (historical && marketing && consentedAt === null) problems.push(klaviyoError(400, 'invalid', 'consented_at is required with historical_import.', { pointer }));
    if (historical && consentedAt !== null && Date.parse(consentedAt) > now) problems.push(klaviyoError(400, 'invalid', 'consented_at must be in the past.', { pointer }));
    return problems;
  });
  if (errors.length > 0) return { status: 400, body: { errors } };

  const at = new Date(now).toISOString();
  const immediate = historical || list?.optInProcess === 'single_opt_in';
  const emails: string[] = [];
  for (const resource of profiles) {
    const { email, subscriptions } = resource.attributes;
    const profile = upsertProfile(state, { id: resource.id ?? undefined, attributes: email ? { email } : {} }, at);
    emails.push(profile.email ?? '');
    const marketing = subscriptions.email?.marketing;
    if (!marketing || !immediate) continue;
    const m = profile.emailMarketing;
    m.consent = 'SUBSCRIBED';
    m.consentTimestamp = marketing.consented_at ?? at;
    m.method = 'API';
    m.doubleOptin = false;
    m.suppressions = m.suppressions.filter((s) => !LIFTED.includes(s.reason));
    if (list) membersOf(state, list.id).add(profile.id);
  }
  state.subscriptionJobs.push({ historicalImport: historical, customSource: attributes.custom_source ?? null, listId, emails });
  return { status: 202 };
}
