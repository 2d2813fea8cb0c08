/**
 * The «Голосовать» form's post, the same on the gallery and on an entry's page: read, cast, and answer
 * with a redirect back and a toast (without JavaScript, and for the fetcher, which follows it) or, when
 * refused, the refusal beside the entry's button with its status.
 */
import { data, type AppLoadContext } from '@remix-run/node'
import type { CurrentUser } from '../../utils/auth.server'
import { getEnv } from '../../utils/env.server'
import { asRefusal } from '../../utils/refusal'
import { refusalStatus } from '../../utils/refusal.server'
import { redirectWithToast } from '../../utils/toast.server'
import { castVote, type VoteIntent } from './voting.server'

const INTENTS: VoteIntent[] = ['vote', 'withdraw', 'move']
const text = (value: FormDataEntryValue | null, max: number) => (typeof value === 'string' ? value.slice(0, max) : '')

export type VoteReply = { vote: { number: string; message: string } }

export async function submitVote(request: Request, voter: CurrentUser, slug: string, context: AppLoadContext) {
  const form = await request.formData()
  const timing = getEnv().BENCH ? voteTiming(context.receivedAt) : null
  const intent = text(form.get('intent'), 20) as VoteIntent
  const number = text(form.get('number'), 40)
  const back = text(form.get('back'), 300)
  // Back to the page the vote was given on, never elsewhere.
  const to = back.startsWith(`/contests/${slug}/`) && !back.startsWith('//') ? back : `/contests/${slug}/gallery`
  try {
    if (!INTENTS.includes(intent)) return data<VoteReply>({ vote: { number, message: 'Неизвестное действие' } }, { status: 400 })
    const message = await castVote(voter, { slug, number, intent, from: text(form.get('from'), 40), proof: text(form.get('altcha'), 4000), ip: context.ip ?? null })
    return await redirectWithToast(to, { message }, timing ? { headers: { 'Server-Timing': timing.header() } } : undefined)
  } catch (error) {
    const refusal = asRefusal(error)
    return data<VoteReply>({ vote: { number, message: refusal.message } }, { status: refusalStatus(refusal) })
  }
}

/**
 * Only when benchmarking (BENCH=1), for bench/voting.ts: «vote» is the vote itself from its body read to
 * the redirect (the limits, the transaction with the proof's check), in wall and CPU time; «app» is from
 * the moment the request reached the app (the session's check, reading the body, and any wait behind
 * other requests on the same event loop) to the redirect.
 */
function voteTiming(receivedAt: number | undefined) {
  const started = performance.now()
  const cpu = process.cpuUsage()
  return {
    header() {
      const now = performance.now()
      const used = process.cpuUsage(cpu)
      return `vote;dur=${(now - started).toFixed(2)}, cpu;dur=${((used.user + used.system) / 1000).toFixed(2)}, app;dur=${(now - (receivedAt ?? started)).toFixed(2)}`
    },
  }
}
