/**
 * The built production server of a checkout (this one, or another given with --dir, to measure before
 * and after a change), started as `npm run serve` starts it, on a database and uploads folder of its own.
 * A checkout from before the server was bundled (no build/server.js) is started the old way,
 * `node --import tsx server.ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type Running = { child: ChildProcess; url: string; pid: number; output: () => string }

export type Checkout = {
  dir: string
  bundled: boolean
  /** Where its servers keep their database (app.db) and uploads. */
  work: string
  start: (env?: Record<string, string>) => Promise<Running>
  stop: (running: Running) => Promise<void>
  remove: () => void
}

export function checkout(dir: string): Checkout {
  const appDir = path.resolve(dir)
  if (!fs.existsSync(path.join(appDir, 'build/server/index.js'))) throw new Error(`No build in ${appDir}: run npm run build there first`)
  const bundled = fs.existsSync(path.join(appDir, 'build/server.js'))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-bench-'))
  // NAME=value pairs of `npm run serve`, MALLOC_ARENA_MAX above all.
  const scripts = (JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const serveEnv = Object.fromEntries([...scripts.serve.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]]))

  async function start(env: Record<string, string> = {}): Promise<Running> {
    const child = spawn(process.execPath, bundled ? ['build/server.js'] : ['--import', 'tsx', 'server.ts'], {
      cwd: appDir,
      env: {
        ...process.env,
        ...serveEnv,
        NODE_ENV: 'production',
        ALTCHA_HMAC_KEY: 'bench-altcha-key-0123456789',
        PORT: '0',
        DATABASE_PATH: path.join(work, 'app.db'),
        UPLOADS_DIR: path.join(work, 'uploads'),
        COOKIE_SECURE: 'false',
        RATE_LIMIT_AUTH: '1000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d
        const listening = /http:\/\/localhost:(\d+)/.exec(output)
        if (listening) resolve(Number(listening[1]))
      }
      child.stdout!.on('data', onData)
      child.stderr!.on('data', onData)
      child.once('exit', (code) => reject(new Error(`Server exited with ${code}:\n${output}`)))
    })
    return { child, url: `http://127.0.0.1:${port}`, pid: child.pid!, output: () => output }
  }

  async function stop({ child }: Running) {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }

  return { dir: appDir, bundled, work, start, stop, remove: () => fs.rmSync(work, { recursive: true, force: true }) }
}
