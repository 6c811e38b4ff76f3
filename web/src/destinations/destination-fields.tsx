import { Checkbox, FormLayout, TextField } from '@shopify/polaris';
import type { DestinationKindKey } from '../../../server/admin-api/admin-api-types.js';
import type { DestinationDraft, DraftField, FieldErrors } from './destination-draft.js';

interface Props {
  kind: DestinationKindKey;
  draft: DestinationDraft;
  errors: FieldErrors;
  onChange: <F extends DraftField>(field: F, value: DestinationDraft[F]) => void;
  /** Editing: credential fields start empty and replace the stored ones only when filled. */
  editing: boolean;
}

/** The name and the kind's own settings and credentials, each labelled, with its server error on it. */
export function DestinationFields({ kind, draft, errors, onChange, editing }: Props) {
  const keepHint = editing ? ' Leave empty to keep the saved one.' : '';
  const text = (field: 'name' | 'audienceId' | 'tagPrefix' | 'url') => ({
    value: draft[field],
    onChange: (value: string) => onChange(field, value),
    error: errors[field],
    autoComplete: 'off',
  });
  const secret = (field: 'apiKey' | 'secret') => ({
    type: 'password' as const,
    value: draft[field],
    onChange: (value: string) => onChange(field, value),
    error: errors[field],
    autoComplete: 'new-password',
  });

  return (
    <FormLayout>
      <TextField label="Name" {...text('name')} helpText="How this destination is shown in the app." maxLength={80} />
      {kind === 'klaviyo' && (
        <>
          <TextField
            label={editing ? 'New Klaviyo private API key' : 'Klaviyo private API key'}
            {...secret('apiKey')}
            helpText={`In Klaviyo: Settings › API keys › Create private API key, with full access to Lists, Profiles and Events.${keepHint}`}
          />
          <Checkbox
            label="Also subscribe shoppers with recorded consent"
            checked={draft.subscribeWithConsent}
            onChange={(value) => onChange('subscribeWithConsent', value)}
            helpText="Off: shoppers are added to the list as profiles only. On: shoppers who gave email marketing consent (in Shopify or with their email) are also subscribed in Klaviyo, which lifts Klaviyo's own suppression of them. Never turn it on without that consent."
          />
        </>
      )}
      {kind === 'mailchimp' && (
        <>
          <TextField
            label={editing ? 'New Mailchimp API key' : 'Mailchimp API key'}
            {...secret('apiKey')}
            helpText={`In Mailchimp: Profile › Extras › API keys. It ends with your data center, e.g. …-us21.${keepHint}`}
          />
          <TextField
            label="Audience ID"
            {...text('audienceId')}
            helpText="In Mailchimp: Audience › Settings › Audience name and defaults. Each linked segment becomes a tag in this audience."
          />
        </>
      )}
      {kind === 'shopify_tags' && (
        <TextField
          label="Tag prefix"
          {...text('tagPrefix')}
          maxLength={40}
          helpText="Each linked segment becomes a customer tag starting with this, for Shopify Email and Flow. Uses your store's own access, no key needed."
        />
      )}
      {kind === 'webhook' && (
        <>
          <TextField label="Webhook URL" type="url" {...text('url')} helpText="Batches of added and removed shoppers are POSTed here as JSON." />
          <TextField
            label={editing ? 'New signing secret (optional)' : 'Signing secret (optional)'}
            {...secret('secret')}
            helpText={editing ? 'At least 16 characters. Leave empty to keep the current secret.' : 'At least 16 characters. Leave empty and one is generated and shown to you once.'}
          />
          <Checkbox
            label="Requires marketing consent"
            checked={draft.requireMarketingConsent}
            onChange={(value) => onChange('requireMarketingConsent', value)}
            helpText="On: only shoppers with email marketing consent are sent. Turn it off only for an endpoint that does not market to shoppers; Global Privacy Control and sale-of-data opt-outs are always respected."
          />
        </>
      )}
    </FormLayout>
  );
}
