import { Banner, Text } from '@shopify/polaris';
import type { TestResult } from './destination-api.js';

/** The answer of "Test connection": the remote accepted the saved credentials, or what it said. */
export function TestConnectionResult({ result, onDismiss }: { result: TestResult; onDismiss: () => void }) {
  if (result.ok) {
    return (
      <Banner tone="success" title="Connection works" onDismiss={onDismiss}>
        <Text as="p">The destination accepted the saved credentials.</Text>
      </Banner>
    );
  }
  return (
    <Banner tone="critical" title="Connection failed" onDismiss={onDismiss}>
      <Text as="p">{`${result.message}${result.status ? ` (HTTP ${result.status})` : ''}`}</Text>
    </Banner>
  );
}
