/**
 * A real S3-compatible server for the object-storage tests: s3rver (from npm, plain JavaScript) run
 * as a process of its own, one bucket, objects kept in a temporary folder. It speaks S3's HTTP and XML
 * and refuses unknown access keys; it does not check SigV4 signatures or enforce ACLs, so what those
 * tests show is the protocol, not Amazon's authorisation.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import type { S3Options } from '../app/utils/storage.server'

export type S3Server = {
  options: S3Options
  /** The app's configuration for this store (STORAGE=s3 and the S3_* variables). */
  env: Record<string, string>
  /** Every key in the bucket, sorted. */
  keys(): Promise<string[]>
  close(): Promise<void>
}

const BUCKET = 'konkurs-test'
// s3rver accepts only this key pair.
const KEY = 'S3RVER'

export async function startS3Server(): Promise<S3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'konkurs-s3-'))
  const bin = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js')
  // Without virtual-host buckets, so the app reaches the bucket only if it asks in path style.
  const child = spawn(process.execPath, [bin, '-d', dir, '-a', '127.0.0.1', '-p', '0', '-s', '--no-vhost-buckets', '--configure-bucket', BUCKET], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', () => {
      const listening = /listening on [\d.]+:(\d+)/.exec(output)
      if (listening) resolve(Number(listening[1]))
    })
    child.on('exit', (code) => reject(new Error(`s3rver exited with ${code}:\n${output}`)))
  })
  const options: S3Options = {
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: KEY,
    secretAccessKey: KEY,
    forcePathStyle: true,
  }
  const client = new S3Client({ ...options, credentials: { accessKeyId: KEY, secretAccessKey: KEY } })
  return {
    options,
    env: {
      STORAGE: 's3',
      S3_BUCKET: BUCKET,
      S3_REGION: options.region,
      S3_ENDPOINT: options.endpoint!,
      S3_ACCESS_KEY_ID: KEY,
      S3_SECRET_ACCESS_KEY: KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async keys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))
      return (listed.Contents ?? []).map((o) => o.Key!).sort()
    },
    async close() {
      client.destroy()
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
