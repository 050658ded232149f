import type { ReadinessDay } from '../../../services/readiness';
import { html, type Html } from '../html';
import { dateRu } from './ru';

const W = 600;
const H = 200;
const LEFT = 44;
const RIGHT = 12;
const TOP = 14;
const BOTTOM = 28;

/** One series of a chart: a legend label, a colour (a presentation attribute, not CSS) and a value per day. */
interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: ReadonlyArray<number | null>;
}

const num = (v: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 }).format(v);

/** The top of the scale: four grid steps of 1, 2 or 5 × 10ⁿ (at least 1), so every label is a whole number. */
function niceMax(max: number): number {
  const quarter = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(quarter));
  return 4 * [1, 2, 5, 10].map((m) => m * power).find((v) => v >= quarter)!;
}

/**
 * A chart over days drawn on the server as SVG (no script, no chart library): bars (stacked when there are
 * several series) or lines; a grid with four labelled steps; the first, middle and last day under the axis;
 * every bar and point carries a `<title>` with the day and the value. `percent` scales 0..1 as 0–100 %.
 */
export function dayChart(p: {
  title: string;
  days: readonly string[];
  series: readonly Series[];
  kind: 'bars' | 'lines';
  percent?: boolean;
}): Html {
  const n = Math.max(p.days.length, 1);
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const step = plotW / n;
  const totals = p.days.map((_, i) =>
    p.kind === 'bars'
      ? p.series.reduce((s, x) => s + (x.values[i] ?? 0), 0)
      : Math.max(0, ...p.series.map((x) => x.values[i] ?? 0)),
  );
  const max = p.percent ? 1 : niceMax(Math.max(0, ...totals));
  const y = (v: number) => TOP + plotH - (plotH * v) / max;
  const label = (v: number) => (p.percent ? `${Math.round(v * 100)} %` : num(v));
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (f) =>
      html`<line
          x1="${LEFT}"
          x2="${W - RIGHT}"
          y1="${y(max * f).toFixed(1)}"
          y2="${y(max * f).toFixed(1)}"
          stroke="#d5dbe3"
          stroke-width="1"
        /><text
          x="${LEFT - 6}"
          y="${(y(max * f) + 4).toFixed(1)}"
          font-size="11"
          fill="#3b4653"
          text-anchor="end"
          >${label(max * f)}</text
        >`,
  );
  const marks =
    p.kind === 'bars'
      ? p.days.map((day, i) => {
          let base = 0;
          return p.series.map((s) => {
            const v = s.values[i] ?? 0;
            const top = y(base + v);
            const bottom = y(base);
            base += v;
            return v
              ? html`<rect
                  x="${(LEFT + i * step + step * 0.15).toFixed(1)}"
                  y="${top.toFixed(1)}"
                  width="${(step * 0.7).toFixed(1)}"
                  height="${(bottom - top).toFixed(1)}"
                  fill="${s.color}"
                  ><title>${dateRu(day)}: ${s.label} — ${label(v)}</title></rect
                >`
              : '';
          });
        })
      : p.series.map((s) => {
          const points = p.days.flatMap((day, i) => {
            const v = s.values[i];
            return v === null || v === undefined ? [] : [{ x: LEFT + (i + 0.5) * step, y: y(v), day, v }];
          });
          return html`<polyline
              points="${points.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ')}"
              fill="none"
              stroke="${s.color}"
              stroke-width="2"
            />${points.map(
              (q) =>
                html`<circle cx="${q.x.toFixed(1)}" cy="${q.y.toFixed(1)}" r="3" fill="${s.color}"
                  ><title>${dateRu(q.day)}: ${s.label} — ${label(q.v)}</title></circle
                >`,
            )}`;
        });
  const ticks = [0, Math.floor((n - 1) / 2), n - 1]
    .filter((i, k, all) => p.days[i] && all.indexOf(i) === k)
    .map(
      (i) =>
        html`<text
          x="${(LEFT + (i + 0.5) * step).toFixed(1)}"
          y="${H - 8}"
          font-size="11"
          fill="#3b4653"
          text-anchor="middle"
          >${dateRu(p.days[i]!).slice(0, 5)}</text
        >`,
    );
  return html`<figure class="chart">
    <figcaption>${p.title}</figcaption>
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${p.title}">
      ${grid}${marks}${ticks}
    </svg>
    <ul class="legend">
      ${p.series.map((s) => html`<li><span class="swatch swatch-${s.color.slice(1)}"></span>${s.label}</li>`)}
    </ul>
  </figure>`;
}

/** The figures of a day a chart may draw. */
type Figure =
  'esiaSignIns' | 'passwordLogins' | 'esiaShare' | 'refusals' | 'warned' | 'activeLinks' | 'accessRequests';

/** The region's charts over its readiness days: sign-ins, the ESIA share, refusals and warnings, links. */
export function readinessCharts(days: readonly ReadinessDay[]): Html {
  const chart = (title: string, kind: 'bars' | 'lines', series: readonly Series[], percent?: boolean) =>
    dayChart({ title, days: days.map((x) => x.day), kind, series, percent });
  /** A series: one figure of every day. */
  const line = (label: string, color: string, figure: Figure): Series => ({
    label,
    color,
    values: days.map((x) => x[figure]),
  });
  return html`<div class="charts">
    ${chart('Входы по дням', 'bars', [
      line('через Госуслуги', '#0d4cd3', 'esiaSignIns'),
      line('по паролю', '#9aa5b1', 'passwordLogins'),
    ])}
    ${chart('Доля входов через Госуслуги', 'lines', [line('доля Госуслуг', '#0d4cd3', 'esiaShare')], true)}
    ${chart('Отказы и предупреждения', 'bars', [
      line('отказы', '#b00020', 'refusals'),
      line('предупреждения', '#e0a100', 'warned'),
    ])}
    ${chart('Привязки учётных записей', 'lines', [
      line('активные привязки', '#1c7c3a', 'activeLinks'),
      line('обращения в организацию', '#7b3fa0', 'accessRequests'),
    ])}
  </div>`;
}
