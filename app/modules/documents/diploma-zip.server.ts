/**
 * All of a contest's diplomas as one ZIP, streamed: each PDF is rendered only when the archive has taken
 * the previous one, so memory stays flat however many diplomas there are and however slow the download.
 */
import { once } from 'node:events'
import type { Readable } from 'node:stream'
import { renderDiploma } from './diploma-pdf.server'
import { contestDiplomas, type DiplomaDocument, type DiplomaScope } from './diplomas.server'

function fileName(d: DiplomaDocument) {
  return `${d.number} ${d.recipientName}.pdf`.replace(/[\\/:*?"<>|]+/g, ' ')
}

export async function streamDiplomasZip(contestId: number, baseUrl: string, scope: DiplomaScope = {}): Promise<Readable> {
  // archiver is loaded on the first archive: about 15 MB a server keeps otherwise from its start.
  const { ZipArchive } = await import('archiver')
  // PDFs are compressed already: storing them saves the CPU that deflating would waste.
  const archive = new ZipArchive({ store: true })
  void (async () => {
    for await (const d of contestDiplomas(contestId, undefined, scope)) {
      if (archive.destroyed) return
      const pdf = await renderDiploma(d, baseUrl)
      const taken = once(archive, 'entry')
      archive.append(pdf, { name: fileName(d), date: d.issuedAt })
      await taken
    }
    await archive.finalize()
  })().catch((error: Error) => archive.destroy(error))
  return archive
}
