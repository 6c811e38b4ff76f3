import { Banner, Text } from '@shopify/polaris';

/** A load failure with its next step: what failed, the server's message, and Retry. */
export function LoadErrorBanner({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <Banner tone="critical" title={title} action={{ content: 'Retry', onAction: onRetry }}>
      <Text as="p">{message}</Text>
    </Banner>
  );
}
