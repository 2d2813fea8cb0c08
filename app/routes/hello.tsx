/** The baseline of the benchmarks: the cheapest response that goes through the same server, middleware and Remix. */
export function loader() {
  return new Response('hello', { headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
