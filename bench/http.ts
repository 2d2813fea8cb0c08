/**
 * Requests per second of the home page and a contest page against the /hello route of the same
 * production server (same middleware, same Remix handler), on a freshly seeded database.
 * Run: npm run bench   (builds first). Prints a table and the ratios; target ≥ 0.5.
 */
import { execSync } from 'node:child_process'
import autocannon from 'autocannon'
import { startServer } from '../tests/setup/server'

const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)

// The page cache is measured on (as deployed) and, with PAGE_CACHE_SECONDS=0, off (every request rendered).
const PAGE_CACHE_SECONDS = process.env.PAGE_CACHE_SECONDS ?? '5'

execSync('npm run build', { stdio: 'ignore' })
// BENCH=1 switches on the /hello baseline route.
const server = await startServer({ BENCH: '1', PAGE_CACHE_SECONDS })

async function measure(path: string) {
  // Warm up the route (and the page cache of SQLite) before measuring.
  await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: 2 })
  const result = await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: DURATION })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return { path, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 }
}

try {
  const home = await (await fetch(server.url + '/')).text()
  const slug = /href="\/contests\/([^"]+)"/.exec(home)![1]
  const hello = await measure('/hello')
  const rows = [hello, await measure('/'), await measure(`/contests/${slug}`)]
  console.log(`\nHTTP benchmark: ${CONNECTIONS} connections, ${DURATION} s per route, same machine (autocannon), page cache ${PAGE_CACHE_SECONDS} s\n`)
  console.log('| route | req/s | p50 ms | p99 ms | ratio to /hello |')
  console.log('|---|---:|---:|---:|---:|')
  for (const r of rows) {
    console.log(`| ${r.path} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / hello.rps).toFixed(2)} |`)
  }
} finally {
  await server.stop()
}
