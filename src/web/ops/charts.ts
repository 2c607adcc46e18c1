// The /ops charts, drawn with uPlot (the only page that ships it). A ChartSlot owns one chart in one
// container: it draws once the container is in the document (uPlot measures it), updates in place when only
// the numbers change, and rebuilds when the series change. Times are shown in Beijing time.
import uPlot from 'uplot';

export interface Series {
  label: string;
  colour: string;
  /** A dash pattern, so series differ by more than colour. */
  dash?: number[];
}

export type ChartSpec =
  | { kind: 'time'; series: Series[]; x: number[]; ys: number[][]; yLabel: string; xLabel: (seconds: number) => string }
  | { kind: 'bars'; series: Series; labels: string[]; values: number[]; yLabel: string };

const HEIGHT = 220;
const beijing = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Asia/Shanghai');

function options(spec: ChartSpec, width: number): uPlot.Options {
  const axisStyle = { stroke: '#3d3d3d', grid: { stroke: '#e6e6e6', width: 1 }, ticks: { stroke: '#d9d9d9', width: 1 } };
  const y: uPlot.Axis = { ...axisStyle, label: spec.yLabel, size: 56 };
  if (spec.kind === 'time') {
    return {
      width, height: HEIGHT, tzDate: beijing, legend: { show: false }, cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{ ...axisStyle, values: (_u, splits) => splits.map(spec.xLabel), size: 52 }, y],
      series: [{}, ...spec.series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, dash: s.dash, points: { show: false } }))],
    };
  }
  const labels = spec.labels;
  return {
    width, height: HEIGHT, legend: { show: false }, cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
    axes: [
      { ...axisStyle, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false }, size: 52 },
      y,
    ],
    series: [{}, { label: spec.series.label, stroke: spec.series.colour, fill: `${spec.series.colour}cc`, width: 1, paths: uPlot.paths.bars!({ size: [0.6, 64] }), points: { show: false } }],
  };
}

function data(spec: ChartSpec): uPlot.AlignedData {
  return spec.kind === 'time' ? [spec.x, ...spec.ys] : [spec.labels.map((_, i) => i), spec.values];
}

/** What decides whether a chart can be updated in place: the same kind, series and categories. */
const shape = (spec: ChartSpec) => JSON.stringify(spec.kind === 'time' ? spec.series : [spec.series, spec.labels]);

export class ChartSlot {
  private chart: uPlot | null = null;
  private shape = '';
  private spec: ChartSpec | null = null;
  private readonly resize = new ResizeObserver(() => this.chart?.setSize({ width: this.width(), height: HEIGHT }));

  constructor(readonly element: HTMLElement) {
    this.resize.observe(element);
  }

  /** Draws or updates; before the container is attached, waits for the next frame. */
  draw(spec: ChartSpec): void {
    this.spec = spec;
    if (!this.element.isConnected) {
      requestAnimationFrame(() => this.element.isConnected && this.spec === spec && this.draw(spec));
      return;
    }
    if (this.chart && this.shape === shape(spec)) {
      this.chart.setData(data(spec));
      return;
    }
    this.chart?.destroy();
    this.shape = shape(spec);
    this.chart = new uPlot(options(spec, this.width()), data(spec), this.element);
  }

  destroy(): void {
    this.resize.disconnect();
    this.chart?.destroy();
    this.chart = null;
  }

  private width(): number {
    return Math.max(280, Math.floor(this.element.clientWidth));
  }
}
