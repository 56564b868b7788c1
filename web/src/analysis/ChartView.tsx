import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts';

/**
 * One ECharts chart (canvas). `optionKey` names what the option shows (the query's variables): it is written to
 * `data-option-key` once the chart has it, so a reader (a test) knows the picture is the one asked for.
 */
export function ChartView({ option, optionKey, label, testId }: { option: ChartOption | null; optionKey: string; label: string; testId: string }) {
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = element.current!;
    const chart = echarts.init(container, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const container = element.current!;
    const chart = echarts.getInstanceByDom(container);
    if (!chart) return;
    if (!option) {
      // No usable answer (an error): an empty chart, not the previous query's picture.
      chart.clear();
      delete container.dataset.optionKey;
      return;
    }
    chart.setOption(option, { notMerge: true });
    container.dataset.optionKey = optionKey;
  }, [option, optionKey]);

  return <div ref={element} className="analysis-chart" role="img" aria-label={label} data-testid={testId} />;
}
