/**
 * Which storage the configuration picks, and that a deployment asking for S3 or UploadThing without
 * what they need is refused at start with every missing variable named.
 */
import { describe, expect, it } from 'vitest'
import { parseEnv } from './env.server'
import { storageKind } from './storage.server'

const S3 = { S3_BUCKET: 'konkurs', S3_REGION: 'ru-central1', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' }

describe('storage configuration', () => {
  it('keeps the behaviour from before STORAGE when it is unset', () => {
    expect(storageKind(parseEnv({}))).toBe('local')
    expect(storageKind(parseEnv({ UPLOADTHING_TOKEN: 'token' }))).toBe('uploadthing')
  })

  it('lets STORAGE win over an UploadThing token', () => {
    expect(storageKind(parseEnv({ STORAGE: 'local', UPLOADTHING_TOKEN: 'token' }))).toBe('local')
    expect(storageKind(parseEnv({ STORAGE: 's3', UPLOADTHING_TOKEN: 'token', ...S3 }))).toBe('s3')
  })

  it('reads the S3 settings, path style off unless asked for', () => {
    const env = parseEnv({ STORAGE: 's3', ...S3, S3_ENDPOINT: 'https://storage.yandexcloud.net' })
    expect(env).toMatchObject({ ...S3, S3_ENDPOINT: 'https://storage.yandexcloud.net', S3_FORCE_PATH_STYLE: false })
    expect(parseEnv({ STORAGE: 's3', ...S3, S3_FORCE_PATH_STYLE: 'true' }).S3_FORCE_PATH_STYLE).toBe(true)
  })

  it('refuses STORAGE=s3 without a bucket, region or keys, naming each', () => {
    expect(() => parseEnv({ STORAGE: 's3' })).toThrow(
      'Invalid configuration: S3_BUCKET: required when STORAGE=s3; S3_REGION: required when STORAGE=s3; S3_ACCESS_KEY_ID: required when STORAGE=s3; S3_SECRET_ACCESS_KEY: required when STORAGE=s3',
    )
    expect(() => parseEnv({ STORAGE: 's3', ...S3, S3_REGION: '' })).toThrow(/S3_REGION/)
    expect(() => parseEnv({ STORAGE: 's3', ...S3, S3_ENDPOINT: 'storage.yandexcloud.net' })).toThrow(/S3_ENDPOINT/)
  })

  it('refuses STORAGE=uploadthing without a token, and a backend it does not know', () => {
    expect(() => parseEnv({ STORAGE: 'uploadthing' })).toThrow('UPLOADTHING_TOKEN: required when STORAGE=uploadthing')
    expect(() => parseEnv({ STORAGE: 'minio' })).toThrow(/STORAGE/)
  })
})
