import type { ReadinessDay } from '../../../services/readiness';
import { html, type Html } from '../html';

const W = 640;
const H = 220;
const PAD = 32;

/**
 * A server-rendered SVG (no script): bars of would-deny counts per day on the left scale, and a line of the
 * share of sign-ins through Gosuslugi (0–100 %) on the right one. Colours are presentation attributes, not CSS.
 */
export function readinessChart(days: readonly ReadinessDay[]): Html {
  const n = Math.max(days.length, 1);
  const step = (W - 2 * PAD) / n;
  const maxDeny = Math.max(1, ...days.map((d) => d.wouldDeny));
  const y = (v: number, max: number) => H - PAD - ((H - 2 * PAD) * v) / max;
  const bars = days.map((d, i) => {
    const top = y(d.wouldDeny, maxDeny);
    return html`<rect
      x="${(PAD + i * step + step * 0.15).toFixed(1)}"
      y="${top.toFixed(1)}"
      width="${(step * 0.7).toFixed(1)}"
      height="${(H - PAD - top).toFixed(1)}"
      fill="#b00020"
      ><title>${d.day}: ${d.wouldDeny}</title></rect
    >`;
  });
  const points = days
    .map((d, i) =>
      d.esiaShare === null ? null : `${(PAD + (i + 0.5) * step).toFixed(1)},${y(d.esiaShare, 1).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 ${W} ${H}"
    width="100%"
    role="img"
    aria-label="Готовность по дням"
  >
    <title>Отказы (столбцы) и доля входов через Госуслуги (линия) по дням</title>
    <line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#66727f" />
    ${bars}
    <polyline points="${points}" fill="none" stroke="#0d4cd3" stroke-width="2" />
    <text x="${PAD}" y="${H - 8}" font-size="11" fill="#66727f">${first}</text>
    <text x="${W - PAD}" y="${H - 8}" font-size="11" fill="#66727f" text-anchor="end">${last}</text>
    <text x="${PAD}" y="${PAD - 8}" font-size="11" fill="#b00020">отказов до ${maxDeny}</text>
    <text x="${W - PAD}" y="${PAD - 8}" font-size="11" fill="#0d4cd3" text-anchor="end">
      доля Госуслуг, 100 %
    </text>
  </svg>`;
}
