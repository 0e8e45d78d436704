// A line chart drawn with uPlot (bundled, nothing loaded at run time), always
// followed by the same figures as a table: the table is what screen readers
// and keyboard users read, the chart is hidden from them.
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

// `days`: ISO days (the x axis); `series`: [{ label, values (numbers or null) }];
// `format`: how a value reads in the table and on the y axis.
export function LineChart({ caption, days, series, format, columnLabel = 'Jour' }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || days.length === 0) return undefined;
    const width = Math.max(280, Math.min(box.current.clientWidth || 640, 900));
    const options = {
      width,
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
    const data = [days.map(epochSeconds), ...series.map((one) => one.values)];
    const plot = new uPlot(options, data, box.current);
    // Follows the page's width (a phone turned, a window resized).
    const observer = new ResizeObserver(() => {
      const now = Math.max(280, Math.min(box.current?.clientWidth || width, 900));
      if (now !== plot.width) plot.setSize({ width: now, height: 240 });
    });
    observer.observe(box.current);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [days, series]);

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

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export const formatShare = (value) => (value === null || value === undefined ? '—' : percent.format(value));
export const formatDecimal = (value) => (value === null || value === undefined ? '—' : decimal.format(value));
// A ratio as a percentage; a per-100-students figure as a number.
export const formatterFor = (unit) => (unit === 'ratio' ? formatShare : formatDecimal);
