import { getEnv } from '~/utils/env.server'

/**
 * The baseline of the benchmarks: the cheapest response that goes through the same server, middleware
 * and Remix. It exists only for them (BENCH=1); otherwise it is an unknown address like any other.
 */
export function loader() {
  if (!getEnv().BENCH) throw new Response('Такой страницы нет. Возможно, ссылка устарела или в ней опечатка.', { status: 404 })
  return new Response('hello', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
