// Charts drawn with uPlot (bundled, nothing loaded at run time): lines over
// days, bars per category, dots placed by two shares. Each is always followed
// by the same figures as a table: the table is what screen readers and
// keyboard users read, the chart is hidden from them.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import { TableScroll } from '../../ui.jsx';
import { formatShortDay } from '../../format.js';

// Distinct for colour-blind readers and at least 3:1 against white.
const COLOURS = ['#1d4e89', '#b5400a', '#1e6b33', '#6a3d9a'];
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

function epochSeconds(iso) {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 1000;
}

// Draws `options` and `data` with uPlot into `box` once mounted, and again
// when `deps` change; the plot follows the box's width (a phone turned, a
// window resized).
function usePlot(box, build, deps) {
  useEffect(() => {
    if (!box.current) return undefined;
    const built = build();
    if (!built) return undefined;
    const widthOf = (fallback) => Math.max(280, Math.min(box.current?.clientWidth || fallback, 900));
    const plot = new uPlot({ ...built.options, width: widthOf(640) }, built.data, box.current);
    const observer = new ResizeObserver(() => {
      const now = widthOf(plot.width);
      if (now !== plot.width) plot.setSize({ width: now, height: built.options.height });
    });
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, deps);
}

// `days`: ISO days (the x axis); `series`: [{ label, values (numbers or null) }];
// `format`: how a value reads in the table and on the y axis.
export function LineChart({ caption, days, series, format, columnLabel = 'Jour' }) {
  const box = useRef(null);
  usePlot(
    box,
    () => {
      if (days.length === 0) return null;
      const options = {
        height: 240,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true } },
        axes: [{}, { values: (_, ticks) => ticks.map((tick) => format(tick)), size: 70 }],
        series: [
          {},
          ...series.map((one, i) => ({
            label: one.label,
            stroke: COLOURS[i % COLOURS.length],
            dash: DASHES[i % DASHES.length],
            width: 2,
            spanGaps: false,
            points: { show: days.length < 40 },
          })),
        ],
      };
      return { options, data: [days.map(epochSeconds), ...series.map((one) => one.values)] };
    },
    [days, series],
  );

  return (
    <figure class="chart">
      <div class="chart-legend" aria-hidden="true">
        {series.map((one, i) => (
          <span key={one.label} class={`chart-key chart-key-${i}`}>
            {one.label}
          </span>
        ))}
      </div>
      <div class="chart-plot" ref={box} aria-hidden="true" />
      <TableScroll label={caption}>
        <table class="compact-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{columnLabel}</th>
              {series.map((one) => (
                <th scope="col" key={one.label}>
                  {one.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, row) => (
              <tr key={day}>
                <th scope="row">{formatShortDay(day)}</th>
                {series.map((one) => (
                  <td class="number" key={one.label}>
                    {one.values[row] === null || one.values[row] === undefined
                      ? one.missing?.[row] ?? '—'
                      : format(one.values[row])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}

const wholeNumber = (value) => (Number.isInteger(value) ? String(value) : '');
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
// Category names fit a phone's width a little smaller than uPlot's 12px.
const AXIS_FONT = '11px system-ui, sans-serif';

// Bars of a count per category, e.g. how many schools fall in each band.
// `categories`: [{ key, label, short? }] (`short` on the axis, `label` in the
// table); `values`: one number per category.
export function BarChart({ caption, categories, values, columnLabel, valueLabel }) {
  const box = useRef(null);
  usePlot(
    box,
    () => {
      if (categories.length === 0) return null;
      const top = Math.max(1, ...values);
      const options = {
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: [0, top * 1.1] } },
        axes: [
          {
            label: columnLabel,
            font: AXIS_FONT,
            splits: () => categories.map((_, i) => i),
            values: (_, ticks) => ticks.map((tick) => categories[tick]?.short || categories[tick]?.label || ''),
            gap: 4,
          },
          { values: (_, ticks) => ticks.map(wholeNumber), incrs: COUNT_STEPS, size: 40 },
        ],
        series: [
          {},
          {
            label: valueLabel,
            fill: COLOURS[0],
            stroke: COLOURS[0],
            paths: uPlot.paths.bars({ size: [0.6, 64] }),
            points: { show: false },
          },
        ],
      };
      return { options, data: [categories.map((_, i) => i), values] };
    },
    [categories, values],
  );
  return (
    <figure class="chart">
      <div class="chart-plot" ref={box} aria-hidden="true" />
      <TableScroll label={caption}>
        <table class="compact-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{columnLabel}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {categories.map((category, row) => (
              <tr key={category.key}>
                <th scope="row">{category.label}</th>
                <td class="number">{values[row]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}

// Dashed lines at `guides.x` and `guides.y` (e.g. thresholds), when given.
function drawGuides(guides) {
  return (plot) => {
    const { ctx, bbox } = plot;
    ctx.save();
    ctx.strokeStyle = COLOURS[1];
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    if (guides.x !== undefined) {
      const left = plot.valToPos(guides.x, 'x', true);
      ctx.moveTo(left, bbox.top);
      ctx.lineTo(left, bbox.top + bbox.height);
    }
    if (guides.y !== undefined) {
      const top = plot.valToPos(guides.y, 'y', true);
      ctx.moveTo(bbox.left, top);
      ctx.lineTo(bbox.left + bbox.width, top);
    }
    ctx.stroke();
    ctx.restore();
  };
}

// One dot per item placed by two shares (0 to 1), e.g. a school's link
// uptime and its students' adoption, with dashed `guides` ({ x, y }) such as
// thresholds. `points`: [{ key, label, x, y }]; items without both values
// are listed in the table only.
export function ScatterChart({ caption, points, guides = {}, columnLabel, xLabel, yLabel, format }) {
  const box = useRef(null);
  usePlot(
    box,
    () => {
      const drawn = points.filter((point) => point.x !== null && point.y !== null).sort((a, b) => a.x - b.x);
      if (drawn.length === 0) return null;
      const shareAxis = (label) => ({ label, values: (_, ticks) => ticks.map((tick) => format(tick)), size: 60 });
      const options = {
        height: 260,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [shareAxis(xLabel), shareAxis(yLabel)],
        hooks: { draw: [drawGuides(guides)] },
        series: [
          {},
          {
            label: yLabel,
            stroke: COLOURS[0],
            paths: () => null,
            points: { show: true, size: 10, width: 2, stroke: COLOURS[0], fill: '#ffffff' },
          },
        ],
      };
      return { options, data: [drawn.map((point) => point.x), drawn.map((point) => point.y)] };
    },
    [points, guides.x, guides.y],
  );
  const cell = (value) => (value === null || value === undefined ? 'non mesurée' : format(value));
  return (
    <figure class="chart">
      {(guides.x !== undefined || guides.y !== undefined) && (
        <div class="chart-legend" aria-hidden="true">
          <span class="chart-key chart-key-1">{guides.label || 'Seuils'}</span>
        </div>
      )}
      <div class="chart-plot" ref={box} aria-hidden="true" />
      <TableScroll label={caption}>
        <table class="compact-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{columnLabel}</th>
              <th scope="col">{xLabel}</th>
              <th scope="col">{yLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.key}>
                <th scope="row">{point.label}</th>
                <td class="number">{cell(point.x)}</td>
                <td class="number">{cell(point.y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  );
}

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export const formatShare = (value) => (value === null || value === undefined ? '—' : percent.format(value));
export const formatDecimal = (value) => (value === null || value === undefined ? '—' : decimal.format(value));
// A ratio as a percentage; a per-100-students figure as a number.
export const formatterFor = (unit) => (unit === 'ratio' ? formatShare : formatDecimal);
