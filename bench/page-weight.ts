/**
 * The built server's memory after start, and the JavaScript and CSS a browser loads for three pages:
 * the home page (a guest), a contest's apply page (resident@demo.konkurs) and the juror's scoring page
 * (juror@demo.konkurs), raw and gzip-compressed.
 *
 * Run: npm run build && npx tsx bench/page-weight.ts [--dir <another checkout>]
 * The server is started as `npm run serve` starts it (its environment read from package.json). A checkout
 * from before the server was built (no build/server.js) is started the old way, `node --import tsx server.ts`,
 * so that the same script measures before and after.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import Database from 'better-sqlite3'
import { Client, DEMO } from '../tests/setup/server'
import { checkout, type Running } from './checkout'

const RESTARTS = 3
const { values } = parseArgs({ options: { dir: { type: 'string', default: '.' } } })
const app = checkout(values.dir!)
const dbPath = path.join(app.work, 'app.db')

const rssMegabytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
const settle = () => new Promise((r) => setTimeout(r, 2000))

/** Every script and stylesheet the page makes the browser load: module preloads, scripts, the inline entry's imports, stylesheets. */
function assetsOf(html: string) {
  const js = new Set<string>()
  const css = new Set<string>()
  for (const tag of html.match(/<(link|script)\b[^>]*>/g) ?? []) {
    const url = /\b(?:href|src)="([^"]+)"/.exec(tag)?.[1]
    if (!url) continue
    if (/rel="stylesheet"/.test(tag)) css.add(url)
    else if (/rel="modulepreload"/.test(tag) || tag.startsWith('<script')) js.add(url)
  }
  for (const [, url] of html.matchAll(/import(?:\s*\*\s*as\s+\w+\s+from)?\s*"([^"]+\.js)"/g)) js.add(url)
  return { js: [...js], css: [...css] }
}

async function weigh(client: Client, pathname: string) {
  const res = await client.get(pathname)
  if (res.status !== 200) throw new Error(`${pathname}: ${res.status}`)
  const { js, css } = assetsOf(await res.text())
  const sum = async (urls: string[]) => {
    let raw = 0
    let gzip = 0
    for (const url of urls) {
      const body = Buffer.from(await (await fetch(new URL(url, client.base))).arrayBuffer())
      raw += body.length
      gzip += gzipSync(body).length
    }
    return { files: urls.length, raw, gzip }
  }
  return { js: await sum(js), css: await sum(css) }
}

async function applyPage(client: Client) {
  const db = new Database(dbPath, { readonly: true })
  const slugs = db.prepare<[], string>("select slug from contest where status = 'accepting' order by slug").pluck().all()
  db.close()
  for (const slug of slugs) {
    const pathname = `/contests/${slug}/apply`
    if ((await client.get(pathname)).status === 200) return pathname
  }
  throw new Error('No contest accepting entries')
}

async function scoringPage(client: Client) {
  const jury = await (await client.get('/jury')).text()
  const href = /href="(\/jury\/stages\/[^"/]+\/entries\/[^"]+)"/.exec(jury)?.[1]
  if (!href) throw new Error('No entry to score on /jury')
  return href
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

try {
  console.log(`${app.dir}: ${app.bundled ? 'node build/server.js' : 'node --import tsx server.ts'}, ${os.availableParallelism()} CPUs, Node ${process.version}`)
  const first = await app.start()
  await settle()
  console.log(`RSS after the first start (the demo seeded, its photos drawn): ${rssMegabytes(first.pid).toFixed(0)} MB`)
  await app.stop(first)

  const after: number[] = []
  let running: Running | undefined
  for (let i = 0; i < RESTARTS; i++) {
    running = await app.start()
    await settle()
    after.push(rssMegabytes(running.pid))
    if (i < RESTARTS - 1) await app.stop(running)
  }
  console.log(`RSS after start on the seeded database, ${RESTARTS} starts: ${after.map((mb) => mb.toFixed(0)).join(', ')} MB`)

  const guest = new Client(running!.url)
  const resident = new Client(running!.url)
  await resident.login(DEMO.resident, DEMO.password)
  const juror = new Client(running!.url)
  await juror.login(DEMO.juror, DEMO.password)
  const pages: [string, Client, string][] = [
    ['home', guest, '/'],
    ['apply', resident, await applyPage(resident)],
    ['scoring', juror, await scoringPage(juror)],
  ]
  console.log('\npage      JS raw / gzip (files)          CSS raw / gzip (files)')
  for (const [name, client, pathname] of pages) {
    const { js, css } = await weigh(client, pathname)
    console.log(
      `${name.padEnd(9)} ${`${kb(js.raw)} / ${kb(js.gzip)} (${js.files})`.padEnd(30)} ${kb(css.raw)} / ${kb(css.gzip)} (${css.files})   ${pathname}`,
    )
  }
  await app.stop(running!)
} finally {
  app.remove()
}
