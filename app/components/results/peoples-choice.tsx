import type { PeoplesChoice } from '~/modules/results/ranking'
import { peoplesChoiceSummary, peoplesChoiceWinners, placeLabel } from '~/modules/results/ranking'
import { countOf, NOUNS, quoted } from '~/utils/format'
import { EntryPhoto } from './entry-photo'

/**
 * The people's choice (docs/decisions/038), apart from the jury's results and under the prize's own
 * name: who voted, then each voted nomination's winner and its ranking by votes.
 */
export function PeoplesChoiceSection({ choice, headingLevel }: { choice: PeoplesChoice; headingLevel: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2' | 'h3'
  const Sub = `h${headingLevel + 1}` as 'h3' | 'h4'
  const Title = `h${headingLevel + 2}` as 'h4' | 'h5'
  return (
    <section aria-labelledby="peoples-choice-title" className="peoples-choice">
      <H id="peoples-choice-title">{choice.prizeName}</H>
      <p>
        {peoplesChoiceSummary(choice)} Места — по числу голосов; при равном числе голосов — по правилу конкурса для равных баллов.
      </p>
      {choice.nominations.map((n) => {
        const winners = peoplesChoiceWinners(n)
        return (
          <section key={n.id} aria-labelledby={`peoples-choice-${n.id}`}>
            <Sub id={`peoples-choice-${n.id}`}>Номинация {quoted(n.name)}</Sub>
            {winners.length ? (
              <ul className="winner-list">
                {winners.map((w) => (
                  <li key={w.entryId} className="card winner">
                    <p className="winner__award">{choice.prizeName}</p>
                    <Title className="card__title">
                      {w.title || 'Без названия'} <span className="muted">{w.number}</span>
                    </Title>
                    {w.entrant ? <p className="winner__entrant">{w.entrant}</p> : null}
                    {w.authors.length ? <p>{w.authors.join(', ')}</p> : null}
                    <p>{countOf(w.votes, NOUNS.vote)}</p>
                    {w.photos.length ? (
                      <div className="winner__photos">
                        {w.photos.map((p) => (
                          <EntryPhoto key={p.id} photo={p} alt={`Фотография работы ${quoted(w.title)} (${w.number})`} />
                        ))}
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p>В этой номинации голосов нет.</p>
            )}
            {n.entries.length ? (
              <div className="table-wrap">
                <table>
                  <caption>
                    {choice.prizeName}: рейтинг номинации {quoted(n.name)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Место</th>
                      <th scope="col">Работа</th>
                      <th scope="col">Голоса</th>
                    </tr>
                  </thead>
                  <tbody>
                    {n.entries.map((e) => (
                      <tr key={e.entryId}>
                        <td>{placeLabel(e.place)}</td>
                        <th scope="row">
                          {e.number} <span className="block">{e.title}</span>
                        </th>
                        <td>{e.votes}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </section>
        )
      })}
    </section>
  )
}
