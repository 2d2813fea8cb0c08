/**
 * A horizontal bar chart drawn on the server: each bar is an SVG rect whose width is an attribute
 * (the CSP forbids style attributes), the labels are text that wraps on a phone, and the numbers are
 * written out, so the chart reads as a list without the picture. `unit` writes a figure, given its row's index
 * (rows may count different things: each contest's own entries).
 */
export function BarChart({ title, rows, unit }: { title: string; rows: { name: string; count: number }[]; unit: (n: number, row: number) => string }) {
  const max = Math.max(1, ...rows.map((r) => r.count))
  return (
    <figure className="bar-chart">
      <figcaption>{title}</figcaption>
      <ul>
        {rows.map((r, i) => (
          <li key={r.name}>
            <span className="bar-chart__label">{r.name}</span>
            <span className="bar-chart__value">{unit(r.count, i)}</span>
            <svg className="bar-chart__bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x="0" y="0" width="100" height="4" className="bar-chart__track" />
              <rect x="0" y="0" width={(r.count / max) * 100} height="4" className="bar-chart__fill" />
            </svg>
          </li>
        ))}
      </ul>
    </figure>
  )
}
