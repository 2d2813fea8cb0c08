/** What the results tests share: reading a PDF's text as a person would read it, and the demo accounts' ids. */
import { eq } from 'drizzle-orm'
import { PDFParse } from 'pdf-parse'
import type { DB } from '../../db/client.server'
import { firstRow, schema } from '../../db/client.server'

export async function pdfText(bytes: ArrayBuffer | Uint8Array) {
  const parser = new PDFParse({ data: new Uint8Array(bytes) })
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ')
  } finally {
    await parser.destroy()
  }
}

export async function userIdByEmail(db: DB, email: string) {
  return (await firstRow(db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email))))!.id
}
