/**
 * The «Голосовать» form's post, the same on the gallery and on an entry's page: read, cast, and answer
 * with a redirect back and a toast (without JavaScript, and for the fetcher, which follows it) or, when
 * refused, the refusal beside the entry's button with its status.
 */
import { data } from '@remix-run/node'
import type { CurrentUser } from '../../utils/auth.server'
import { asRefusal } from '../../utils/refusal'
import { refusalStatus } from '../../utils/refusal.server'
import { redirectWithToast } from '../../utils/toast.server'
import { castVote, type VoteIntent } from './voting.server'

const INTENTS: VoteIntent[] = ['vote', 'withdraw', 'move']
const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '')

export type VoteReply = { vote: { number: string; message: string } }

export async function submitVote(request: Request, voter: CurrentUser, slug: string, ip: string | undefined) {
  const form = await request.formData()
  const intent = text(form.get('intent'), 20) as VoteIntent
  const number = text(form.get('number'), 40)
  const back = text(form.get('back'), 300)
  // Back to the page the vote was given on, never elsewhere.
  const to = back.startsWith(`/contests/${slug}/`) && !back.startsWith('//') ? back : `/contests/${slug}/gallery`
  try {
    if (!INTENTS.includes(intent)) return data<VoteReply>({ vote: { number, message: 'Неизвестное действие' } }, { status: 400 })
    const message = await castVote(voter, { slug, number, intent, from: text(form.get('from'), 40), proof: text(form.get('altcha'), 4000), ip: ip ?? null })
    return await redirectWithToast(to, { message })
  } catch (error) {
    const refusal = asRefusal(error)
    return data<VoteReply>({ vote: { number, message: refusal.message } }, { status: refusalStatus(refusal) })
  }
}
