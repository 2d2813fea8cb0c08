/**
 * Vitest global setup of the "postgres" project: makes the run's template database with the PostgreSQL
 * migrations applied, once, and drops it at the end (tests/setup/postgres.ts). Without a server it
 * leaves a note and the tests skip; in CI it fails.
 */
import { setUpTemplate } from './postgres-server'

export default async function setup() {
  return setUpTemplate()
}
