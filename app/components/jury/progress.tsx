import { useId } from 'react'

/** «Оценено 37 из 140» with a bar: recused and excluded entries are not in the total. */
export function JuryProgress({ scored, total }: { scored: number; total: number }) {
  const id = useId()
  if (!total) return <p className="muted">Заявок для оценки пока нет.</p>
  return (
    <div className="jury-progress">
      <span id={id} className="jury-progress__text">
        Оценено {scored} из {total}
      </span>
      <progress aria-labelledby={id} value={scored} max={total} />
    </div>
  )
}
