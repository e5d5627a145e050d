import { Box, useComputedColorScheme } from '@mantine/core';
import type { ChartOption } from '@metamorph/contract';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  SVGRenderer,
]);

/**
 * An ECharts chart from a shared definition (packages/contract/src/charts.ts), rendered as
 * SVG — the report builder renders the same definitions server-side. `label` names the chart
 * for screen readers; the figures themselves are also on the page as text.
 */
export function Chart({
  option,
  height,
  label,
  testId,
}: {
  option: ChartOption;
  height: number;
  label: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, scheme === 'dark' ? 'dark' : null, { renderer: 'svg' });
    chart.setOption({ tooltip: {}, ...option });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option, scheme]);
  return <Box ref={ref} h={height} role="img" aria-label={label} data-testid={testId} />;
}
