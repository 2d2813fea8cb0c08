import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** SQLite file; ':memory:' works for scripts and unit tests. */
  DATABASE_PATH: z.string().default('data/app.db'),
  /** PostgreSQL instead of SQLite (several instances, docs/decisions/018): postgres://user:password@host:5432/database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(?:ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (SQLite is set by DATABASE_PATH)')
    .optional(),
  /**
   * Where rate limits count requests: in each process's memory, or in the database, shared by every
   * instance. Unset: the database on PostgreSQL (several instances), memory on SQLite (one process).
   */
  RATE_LIMIT_STORE: z.enum(['memory', 'database']).optional(),
  /** Connections each instance keeps to PostgreSQL. */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  UPLOADS_DIR: z.string().default('uploads'),
  /** Public address of the site, used in e-mails and diploma QR codes. */
  APP_URL: z.string().url().optional(),
  /** Secure session cookie; defaults to on in production. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** First administrator created on start when there is none. */
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Fill an empty database with the city's contests and demo accounts (on by default outside production deployments). */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Городские конкурсы <noreply@konkurs.local>'),
  /**
   * Where photo variants are stored. Unset: UploadThing when UPLOADTHING_TOKEN is set, the local folder
   * otherwise (the behaviour before STORAGE existed); set, it wins over the token.
   */
  STORAGE: z.enum(['local', 'uploadthing', 's3']).optional(),
  UPLOADTHING_TOKEN: z.string().optional(),
  /** An S3-compatible object store, read when STORAGE=s3. No endpoint means Amazon S3 itself. */
  S3_BUCKET: z.string().min(1).optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Bucket in the path (endpoint/bucket/key) rather than in the host name: MinIO, Ceph RGW and most self-hosted stores need it. */
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /** Requests per window per IP: log in and registration, and every other form post. */
  RATE_LIMIT_AUTH: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_POST: z.coerce.number().int().positive().default(120),
  /** Password-reset letters asked per hour per IP (each address has its own limit besides). */
  RATE_LIMIT_RESET: z.coerce.number().int().positive().default(20),
  /** How long a page rendered for a guest (no cookies) is reused for other guests; 0 turns it off. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
  /** Key of the honeypot's time stamp on guest forms; set it when several instances serve the site. */
  HONEYPOT_SECRET: z.string().min(16).optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /**
   * Photo processing (docs/decisions/020-…): 'on' runs the queue's worker inside the web process (one
   * command runs everything); 'off' for web instances when separate workers run (`npm run worker`).
   */
  PHOTO_WORKER: z.enum(['on', 'off']).default('on'),
  /** Photos one worker (in the web process or on its own) processes at once; each holds a few hundred MB while it runs. */
  PHOTO_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** How long a job stays a worker's without news from it: a job whose worker died is taken again after this. */
  PHOTO_JOB_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** How often an idle worker looks for jobs not announced to it (another process's uploads, retries). */
  PHOTO_WORKER_POLL_SECONDS: z.coerce.number().min(0.05).max(60).default(1),
  /** Tests only: a job stops for good after writing its variants, and says so by creating this file. */
  PHOTO_JOB_TEST_PAUSE: z.string().min(1).optional(),
  /** Tests only: a page at this path never finishes rendering, as one too slow to make would (app/entry.server.tsx's render abort). */
  RENDER_TEST_STALL: z.string().startsWith('/').optional(),
  /**
   * Personal data (152-ФЗ, docs/decisions/023-…): the operator named on the privacy policy, contacts and
   * accessibility pages, its postal address and the address for requests about personal data.
   */
  PRIVACY_OPERATOR: z.string().trim().min(1).default('Администрация города Кемерово'),
  PRIVACY_OPERATOR_ADDRESS: z.string().trim().min(1).default('650991, г. Кемерово, пр. Советский, 54'),
  PRIVACY_EMAIL: z.string().email().optional(),
  /** The policy's text in Markdown instead of the built-in one; read on start. */
  PRIVACY_POLICY_FILE: z.string().min(1).optional(),
  /** The version recorded with each consent; unset, the first 12 hex digits of the policy text's SHA-256, so a new text is a new version. */
  PRIVACY_POLICY_VERSION: z.string().trim().min(1).max(64).optional(),
  /**
   * Key of the HMAC that signs the votes' proof-of-work challenges (altcha, docs/decisions/037): the same
   * on every instance. Unset, a fixed key in development and a random one per process in production
   * (enough for one machine: `npm start` works as it is; several instances must share one).
   */
  ALTCHA_HMAC_KEY: z.string().min(16).optional(),
  /** How much work a vote's challenge asks: the solver tries up to this many numbers (half of it on average). */
  VOTE_POW_MAX_NUMBER: z.coerce.number().int().min(10).max(10_000_000).default(50_000),
  /** The benchmarks' instruments (bench/): the /hello baseline route and Server-Timing on the score save and on a vote. Off in the product. */
  BENCH: z.stringbool().default(false),
}).superRefine((env, ctx) => {
  if (env.STORAGE === 's3') {
    for (const name of ['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when STORAGE=s3' })
    }
  }
  if (env.STORAGE === 'uploadthing' && !env.UPLOADTHING_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['UPLOADTHING_TOKEN'], message: 'required when STORAGE=uploadthing' })
  }
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

/** The configuration in these variables, or an error naming every variable that is wrong or missing. */
export function parseEnv(variables: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(variables)
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  }
  return parsed.data
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
