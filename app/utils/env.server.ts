import { z } from 'zod'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** SQLite file; ':memory:' works for scripts and unit tests. */
  DATABASE_PATH: z.string().default('data/app.db'),
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
  UPLOADTHING_TOKEN: z.string().optional(),
  /** Requests per window per IP: log in and registration, and every other form post. */
  RATE_LIMIT_AUTH: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_POST: z.coerce.number().int().positive().default(120),
  /** How long a page rendered for a guest (no cookies) is reused for other guests; 0 turns it off. */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** The benchmarks' instruments (bench/): the /hello baseline route and Server-Timing on the score save. Off in the product. */
  BENCH: z.stringbool().default(false),
})

export type Env = z.infer<typeof EnvSchema>

let cached: Env | undefined

export function getEnv(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env)
    if (!parsed.success) {
      throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    }
    cached = parsed.data
  }
  return cached
}
