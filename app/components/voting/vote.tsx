import type {} from 'altcha/types/react'
import { Link, useActionData, useFetcher } from '@remix-run/react'
import { useEffect, type FormEvent } from 'react'
import type { VoteReply } from '~/modules/voting/vote-form.server'
import type { EntryVote, VotingView } from '~/modules/voting/voting.server'
import { countOf, NOUNS } from '~/utils/format'

/** The altcha widget's element, as far as the button uses it. */
type Widget = HTMLElement & { verify: () => Promise<{ payload: string } | null> }

/**
 * The voting notice of a gallery or entry page, and the one hidden altcha widget the page's buttons
 * share: the web component is loaded only here, in the browser, on pages that have buttons to press.
 * Without JavaScript nothing loads and the forms post without a proof (docs/decisions/037).
 */
export function VotingNotice({ view, back }: { view: VotingView; back: string }) {
  const live = Object.values(view.entries).some((e) => e.kind === 'vote' || e.kind === 'voted' || e.kind === 'full')
  useEffect(() => {
    if (live) void import('altcha')
  }, [live])
  return (
    <div className="panel voting-notice">
      <p>
        <strong>{view.prizeName}</strong>: {view.state === 'open' ? 'идёт зрительское голосование.' : view.state === 'pending' ? 'голосование скоро начнётся.' : 'голосование завершено.'}
      </p>
      {view.notice ? (
        <p>
          {view.notice}{' '}
          {view.help === 'login' ? (
            <Link to={`/login?redirectTo=${encodeURIComponent(back)}`}>Войти</Link>
          ) : view.help === 'account' ? (
            <Link to="/account">Подтвердить адрес</Link>
          ) : null}
        </p>
      ) : null}
      {live ? <altcha-widget id="vote-proof" challenge="/resources/vote-challenge" auto="off" name="altcha" display="invisible" hidden /> : null}
    </div>
  )
}

/** The button of one entry: vote, withdraw, move the vote here; why not, beside it; the count when public. */
export function VoteButton({ number, view, back }: { number: string; view: VotingView; back: string }) {
  const state: EntryVote = view.entries[number] ?? { kind: 'none' }
  const fetcher = useFetcher<VoteReply>()
  const posted = useActionData<VoteReply>()
  const reply = fetcher.data ?? posted
  const refusal = reply?.vote.number === number ? reply.vote.message : null
  const count = view.counts?.[number]

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter)
    const widget = document.getElementById('vote-proof') as Widget | null
    if (data.get('intent') !== 'withdraw' && widget?.verify) {
      const solved = await widget.verify().catch(() => null)
      if (solved?.payload) data.set('altcha', solved.payload)
    }
    fetcher.submit(data, { method: 'post' })
  }

  const busy = fetcher.state !== 'idle'
  const button = (intent: 'vote' | 'withdraw' | 'move', label: string, from?: string) => (
    <fetcher.Form method="post" onSubmit={(e) => void submit(e)} className="vote-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="back" value={back} />
      {from ? <input type="hidden" name="from" value={from} /> : null}
      <button type="submit" className={intent === 'withdraw' ? 'button button--secondary' : 'button'} disabled={busy} aria-describedby={refusal ? `vote-error-${number}` : undefined}>
        {label}
        <span className="sr-only"> (работа {number})</span>
      </button>
    </fetcher.Form>
  )
  return (
    <div className="vote">
      {count !== undefined ? <span className="vote__count">{countOf(count, NOUNS.vote)}</span> : null}
      {state.kind === 'own' ? <span className="vote__note">Ваша работа: за неё голосовать нельзя</span> : null}
      {state.kind === 'voted' ? (
        <>
          <span className="vote__note vote__note--mine">Вы проголосовали</span>
          {view.state === 'open' ? button('withdraw', 'Отозвать голос') : null}
        </>
      ) : null}
      {state.kind === 'vote' ? button('vote', 'Голосовать') : null}
      {state.kind === 'full' ? (state.from ? button('move', 'Перенести голос сюда', state.from) : <span className="vote__note">Голоса в номинации отданы</span>) : null}
      {refusal ? (
        <p className="field__error" id={`vote-error-${number}`} role="alert">
          {refusal}
        </p>
      ) : null}
    </div>
  )
}
