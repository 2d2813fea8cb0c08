/**
 * The PostgreSQL schema: db/schema table for table and column for column, under the same JS names and
 * with the same JS values, so a service written against one runs against the other. Kept in step by
 * tests/postgres/schema-parity.test.ts; why two schemas and how types map: docs/decisions/018-….
 */
export * from './accounts'
export * from './places'
export * from './contests'
export * from './entries'
export * from './jury'
export * from './results'
export * from './voting'
export * from './mail'
export * from './audit'
export * from './jobs'
export * from '../schema/enums'
