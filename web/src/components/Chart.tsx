// A Chart.js chart as a React component: created once per canvas, updated in place.
import { useEffect, useRef } from 'react';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
Chart.defaults.maintainAspectRatio = false;
// Figures appear at once: no animation to wait for (or to keep a phone's CPU busy).
Chart.defaults.animation = false;

export function ChartView({
  config,
  height = 260,
  label,
}: {
  config: ChartConfiguration & { type: string };
  height?: number;
  label: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const type = useRef<string>('');
  useEffect(() => {
    if (!canvas.current) return;
    if (chart.current && type.current === config.type) {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update();
    } else {
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, config);
      type.current = config.type;
    }
  }, [config]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
  return (
    <div style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

export const palette = {
  employed: '#2f9e44',
  unemployed: '#e8590c',
  outside: '#868e96',
  unknown: '#ced4da',
  male: '#1c7ed6',
  female: '#d6336c',
};
