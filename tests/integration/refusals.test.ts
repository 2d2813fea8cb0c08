/**
 * Refusals of different modules, from outside: each answers with the status of its kind and the
 * Russian message people read, through the one mapping in app/utils/refusal.server.ts.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeEntry } from '../factories'
import { closeServerDb, multipart, seededContest, serverDb } from '../factories-entries'
import { createContest, organiserClient } from '../factories-organiser'
import { Client, DEMO, pageText, startServer, type TestServer } from '../setup/server'
import { firstRow, schema } from '../../db/client.server'

let server: TestServer
let organiser: Client
let resident: Client
let draftId: number

beforeAll(async () => {
  server = await startServer()
  organiser = await organiserClient(server.url)
  resident = new Client(server.url)
  await resident.login(DEMO.resident, DEMO.password)
  draftId = await createContest(organiser, { title: 'Конкурс для отказов', slug: 'konkurs-dlya-otkazov' })
})
afterAll(async () => {
  if (server) await closeServerDb(server)
  await server?.stop()
})

async function expectRefusal(res: Response, status: number, message: string) {
  expect(res.status).toBe(status)
  expect(pageText(await res.text())).toContain(message)
}

describe('a refusal over HTTP', () => {
  it('a page of the public site: 404 (a route refusing by itself)', async () => {
    await expectRefusal(await new Client(server.url).get('/contests/takogo-net'), 404, 'Такого конкурса нет или он ещё не объявлен.')
  })

  it('an organiser form, refused by the mail outbox: 400 beside the form', async () => {
    await expectRefusal(await organiser.post('/organiser/outbox', { intent: 'retry', id: '999999' }), 400, 'Это письмо нельзя отправить снова.')
  })

  it('moderation of a draft contest: 400', async () => {
    await expectRefusal(
      await organiser.post(`/organiser/contests/${draftId}/moderation`, { _action: 'accept', entryId: '1' }),
      400,
      'Модерация доступна, пока идёт приём заявок или работа жюри.',
    )
  })

  it('withdrawing results never published: 400', async () => {
    await expectRefusal(
      await organiser.post(`/organiser/contests/${draftId}/results`, { intent: 'withdraw', formId: 'withdraw', reason: 'Ошибка в протоколе жюри' }),
      400,
      'Итоги не опубликованы: отзывать нечего.',
    )
  })

  it('editing an entry the organiser has already accepted: 403', async () => {
    const db = serverDb(server)
    const { contest } = await seededContest(db, 'snezhnyj-kalejdoskop')
    const owner = (await firstRow(db.select().from(schema.user).where(eq(schema.user.email, DEMO.resident))))!
    const accepted = await makeEntry(db, { contestId: contest.id, ownerId: owner.id, status: 'accepted' })
    await expectRefusal(await resident.post(`/my/entries/${accepted.id}`, multipart({ save: 'submit', title: 'Новое название' })), 403, 'Заявку уже рассмотрели, изменить её нельзя.')
  })

  it('a photo that is not an image, sent ahead of its form: 400 as JSON', async () => {
    const res = await resident.post('/resources/photos/upload', multipart({}, [{ name: 'kotik.jpg', bytes: Buffer.from('not a picture at all'), type: 'image/jpeg' }], 'photo'))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'Файл «kotik.jpg» не является изображением (допустимы JPEG, PNG, WebP, HEIC и AVIF)' })
  })

  it('a role for an account that does not exist: 404', async () => {
    const admin = new Client(server.url)
    await admin.login(DEMO.admin, DEMO.password)
    await expectRefusal(await admin.post('/admin/users', { userId: '00000000-0000-4000-8000-000000000000', role: 'juror', grant: '1' }), 404, 'Учётная запись не найдена')
  })

  it('a page that needs a role the user lacks: 403 from the permission map', async () => {
    await expectRefusal(await resident.get('/jury'), 403, 'Недостаточно прав для этой страницы')
  })
})
