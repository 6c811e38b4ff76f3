import type { ReactNode } from 'react';
import { PolarisVizProvider } from '@shopify/polaris-viz';
import '@shopify/polaris-viz/build/esm/styles.css';

/** polaris-viz's provider on its light theme (its default is dark), for any page that draws a chart. */
export function ChartProvider({ children }: { children: ReactNode }) {
  return <PolarisVizProvider defaultTheme="Light">{children}</PolarisVizProvider>;
}
