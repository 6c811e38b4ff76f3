import { Page, Text } from '@shopify/polaris';

/** Placeholder until the segments pages land (helper W2 owns this file). */
export function SegmentEditorPage(_props: { id?: number }) {
  return (
    <Page title="Segments">
      <Text as="p">Coming in this release.</Text>
    </Page>
  );
}
