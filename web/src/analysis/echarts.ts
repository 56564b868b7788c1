/**
 * Apache ECharts, only the parts the console draws with (tree-shaken: bar and line charts, a grid, legend, tooltip,
 * the aria description, the canvas renderer).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;

declare global {
  interface Window {
    /** The option a console chart currently shows (`data-testid` of its element): for tests and the devtools console. */
    jjjChartOption?(testId: string): unknown;
  }
}

window.jjjChartOption = (testId) => {
  const element = document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`);
  return element ? (echarts.getInstanceByDom(element)?.getOption() ?? null) : null;
};
