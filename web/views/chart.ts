import { html, type SafeHtml } from './html.ts';

/** Counts for each of the last `days` UTC days, oldest first, from sparse {day: count} rows. */
export function dailySeries(counts: ReadonlyMap<string, number>, days: number, today = new Date()): Array<{ day: string; count: number }> {
  const out: Array<{ day: string; count: number }> = [];
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

/** A bar per day as inline SVG (no script, no external request), with a title per bar for hover. */
export function barChart(series: Array<{ day: string; count: number }>, width: number, height: number, label: string): SafeHtml {
  const max = Math.max(1, ...series.map((s) => s.count));
  const step = width / Math.max(1, series.length);
  const bars = series.map((s, i) => {
    const h = s.count === 0 ? 1 : Math.max(2, Math.round((s.count / max) * (height - 2)));
    const x = (i * step).toFixed(1);
    return html`<rect x="${x}" y="${height - h}" width="${Math.max(1, step - 1).toFixed(1)}" height="${h}" class="${s.count ? 'bar' : 'bar zero'}"
      ><title>${s.day}: ${s.count}</title></rect
    >`;
  });
  const total = series.reduce((n, s) => n + s.count, 0);
  return html`<svg
    class="chart"
    role="img"
    aria-label="${label}: ${total} in ${series.length} days"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
  >
    ${bars}
  </svg>`;
}
