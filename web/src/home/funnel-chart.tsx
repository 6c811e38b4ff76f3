import { BarChart, type DataSeries } from '@shopify/polaris-viz';
import { ChartProvider } from '../shared/chart-provider.js';

/** The chart half of the funnel card, in its own chunk: Home paints its figures before the chart library arrives. */
export function FunnelChart({ data }: { data: DataSeries[] }) {
  return (
    <ChartProvider>
      <BarChart data={data} isAnimated={false} showLegend />
    </ChartProvider>
  );
}
