import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path'
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qprof-'))
Object.assign(process.env, { NODE_ENV: 'production', DATABASE_PATH: path.join(work, 'app.db'), UPLOADS_DIR: path.join(work, 'uploads'), COOKIE_SECURE: 'false', PAGE_CACHE_SECONDS: '0' })
const { getDb } = await import('../db/client.server')
const { cityScaleContest } = await import('../tests/factories-scale')
const { sessionCookie } = await import('../tests/setup/in-process')
const { createRequestHandler } = await import('@remix-run/node')
const build = (await import(path.resolve('build/server/index.js'))) as Parameters<typeof createRequestHandler>[0]
const handle = createRequestHandler(build, 'production')
const scene = await cityScaleContest(getDb())
const cookie = await sessionCookie(scene.jurors[0].id)
const url = `http://x/jury/stages/${scene.stage.id}/entries/${scene.entries[200].id}`
const inspector = await import('node:inspector/promises')
const session = new inspector.Session(); session.connect()
for (let i = 0; i < 100; i++) { const r = await handle(new Request(url, { headers: { cookie } }), { cspNonce: 'b', receivedAt: performance.now() }); await r.text() }
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start')
for (let i = 0; i < 1500; i++) { const r = await handle(new Request(url, { headers: { cookie } }), { cspNonce: 'b', receivedAt: performance.now() }); await r.text() }
const { profile } = await session.post('Profiler.stop')
fs.writeFileSync('/tmp/scoring.cpuprofile', JSON.stringify(profile))
