import { getEnv } from '~/utils/env.server'
import { NO_SUCH_PAGE } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'

/**
 * The baseline of the benchmarks: the cheapest response that goes through the same server, middleware
 * and Remix. It exists only for them (BENCH=1); otherwise it is an unknown address like any other.
 */
export function loader() {
  if (!getEnv().BENCH) refuse('not_found', NO_SUCH_PAGE)
  return new Response('hello', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
