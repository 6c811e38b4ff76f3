import { useState } from 'react';
import { Banner, BlockStack, Button, InlineStack, Text, TextField } from '@shopify/polaris';

/** A webhook's generated signing secret, shown this once: the API never returns it again. */
export function SigningSecretNotice({ secret }: { secret: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () => {
    // Absent outside a secure context, and a frame may be refused the permission.
    if (typeof navigator.clipboard?.writeText !== 'function') return setCopied('failed');
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <BlockStack gap="300">
      <Banner tone="warning" title="Copy this secret now">
        <Text as="p">It is shown only this once. Your endpoint uses it to check the HMAC-SHA256 signature on every batch we send.</Text>
      </Banner>
      <TextField
        label="Signing secret"
        value={secret}
        readOnly
        autoComplete="off"
        monospaced
        selectTextOnFocus
        helpText={copied === 'failed' ? 'Copying is blocked here: select the text and press Ctrl+C (⌘C on a Mac).' : 'Select it and copy, or use Copy.'}
      />
      <InlineStack gap="200" blockAlign="center">
        <Button onClick={copy}>Copy</Button>
        {copied === 'yes' && (
          <Text as="span" tone="success">
            Copied
          </Text>
        )}
      </InlineStack>
    </BlockStack>
  );
}
