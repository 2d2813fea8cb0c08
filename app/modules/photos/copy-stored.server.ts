/**
 * Copies every stored photo variant from one storage to another: how a deployment that started on the
 * local folder moves its photos into object storage before switching STORAGE (docs/decisions/015).
 * Safe to run again: what the target already holds is left as it is.
 */
import { asc, gt } from 'drizzle-orm'
import { getDb, schema } from '../../../db/client.server'
import type { Storage } from '../../utils/storage.server'

const PAGE = 200

export async function copyStoredPhotos(from: Storage, to: Storage, db = getDb()) {
  const result = { copied: 0, present: 0, missing: [] as string[] }
  for (let after = ''; ; ) {
    const page = await db.select({ id: schema.photo.id, variants: schema.photo.variants }).from(schema.photo).where(gt(schema.photo.id, after)).orderBy(asc(schema.photo.id)).limit(PAGE)
    if (!page.length) return result
    for (const { variants } of page) {
      for (const { key } of variants) {
        if (await to.exists(key)) {
          result.present++
          continue
        }
        const object = await from.get(key)
        if (!object) {
          result.missing.push(key)
          continue
        }
        await to.put(key, object.stream, 'image/webp')
        result.copied++
      }
    }
    after = page[page.length - 1].id
  }
}
