/**
 * The city's directory (docs/decisions/032-the-citys-directory.md): districts and residential areas,
 * ТОС committees at three levels, management companies, schools and other organisations, the ЦРН.
 * One reading of a row serves the form and every row of an imported file alike (`readRow`), so what
 * the form refuses a file refuses too, by its line.
 */
import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm'
import { firstRow, getDb, schema, transaction, type DB } from '../../../db/client.server'
import { containsText } from '../../../db/dialect.server'
import { PLACE_KIND_LABELS, TOS_LEVEL_LABELS, TOS_LEVELS, TOS_PARENT_LEVEL, type OrganisationKind, type TosLevel } from '../../../db/schema/enums'
import { recordAudit, changes } from '../audit/audit.server'
import { countOf, NOUNS, quoted } from '../../utils/format'
import { Refusal } from '../../utils/refusal'
import { FIELD_HEADERS, hasChairperson, LISTS, ORGANISATION_LIST_KINDS, PAGE_SIZE, type DirectoryList, type FieldKey, type RawRow } from './lists'

const { district, organisation, centre, entry, user, juryAssignment } = schema

/** One item of any list, as stored. */
export type Item = {
  id: number
  name: string
  /** A place's kind (districts), an organisation's kind (the organisations list). */
  kind: string | null
  level: TosLevel | null
  districtId: number | null
  parentId: number | null
  address: string
}

type Place = { id: number; name: string; kind: string; parentId: number | null }

/**
 * What a list's reading needs: the city's places and the list's own items, indexed by key and by name
 * (a register of 7,779 committees is read row by row against them), kept up to date as an import writes.
 */
type Context = {
  list: DirectoryList
  places: Place[]
  items: Map<number, Item>
  byKey: Map<string, Item>
  byName: Map<string, Item[]>
  /** The item each name last stood for in the file being read: a register lists a committee, then those under it. */
  lastNamed?: Map<string, number>
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru')
const clean = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ')

const ORG_KINDS: Partial<Record<DirectoryList, OrganisationKind[]>> = {
  committees: ['tos_committee'],
  companies: ['management_company'],
  organisations: ['school', 'other'],
}

async function loadPlaces(db: DB): Promise<Place[]> {
  return db.select({ id: district.id, name: district.name, kind: district.kind, parentId: district.parentId }).from(district).orderBy(asc(district.name))
}

async function loadItems(db: DB, list: DirectoryList, ids?: number[]): Promise<Item[]> {
  if (list === 'districts') {
    const rows = await db.select().from(district).where(ids ? inArray(district.id, ids) : undefined)
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, level: null, districtId: r.parentId, parentId: null, address: '' }))
  }
  if (list === 'centres') {
    const rows = await db.select().from(centre).where(ids ? inArray(centre.id, ids) : undefined)
    return rows.map((r) => ({ id: r.id, name: r.name, kind: null, level: null, districtId: r.districtId, parentId: null, address: r.address }))
  }
  const rows = await db
    .select()
    .from(organisation)
    .where(and(inArray(organisation.kind, ORG_KINDS[list]!), ids ? inArray(organisation.id, ids) : undefined))
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, level: r.tosLevel, districtId: r.districtId, parentId: r.parentId, address: r.address }))
}

async function loadContext(db: DB, list: DirectoryList): Promise<Context> {
  const [places, items] = await Promise.all([loadPlaces(db), loadItems(db, list)])
  const ctx: Context = { list, places, items: new Map(), byKey: new Map(), byName: new Map() }
  for (const i of items) remember(ctx, i)
  return ctx
}

function remember(ctx: Context, item: Item) {
  const before = ctx.items.get(item.id)
  if (before) {
    ctx.byKey.delete(keyOf(ctx.list, before))
    ctx.byName.set(norm(before.name), (ctx.byName.get(norm(before.name)) ?? []).filter((i) => i.id !== item.id))
  }
  ctx.items.set(item.id, item)
  if (!ctx.byKey.has(keyOf(ctx.list, item))) ctx.byKey.set(keyOf(ctx.list, item), item)
  ctx.byName.set(norm(item.name), [...(ctx.byName.get(norm(item.name)) ?? []), item])
}

/** An item's identity for matching a row without a code: its name within its district and parent. */
const keyOf = (list: DirectoryList, i: Pick<Item, 'name' | 'districtId' | 'parentId'>) =>
  list === 'districts' ? norm(i.name) : `${norm(i.name)}|${i.districtId ?? ''}|${i.parentId ?? ''}`

function findByKey(ctx: Context, item: Pick<Item, 'name' | 'districtId' | 'parentId'>) {
  return ctx.byKey.get(keyOf(ctx.list, item)) ?? null
}

/** «Окружной», «окружной комитет», «district» all name the district level. */
function readLevel(value: string): TosLevel | null {
  const v = norm(value)
  if (!v) return null
  for (const level of TOS_LEVELS) {
    const label = norm(TOS_LEVEL_LABELS[level])
    if (v === level || v === label || label.split(' ')[0] === v.split(' ')[0]) return level
  }
  return null
}

function readChoice<K extends string>(value: string, labels: Record<K, string>): K | null {
  const v = norm(value)
  for (const [key, label] of Object.entries(labels) as [K, string][]) if (v === key || v === norm(label)) return key
  return null
}

const levelWord = (level: TosLevel) => TOS_LEVEL_LABELS[level].split(' ')[0].toLocaleLowerCase('ru')
/** «окружной» → «окружной комитет» as the object of «входит в»: «в окружной». */
const PARENT_MISSING: Record<Exclude<TosLevel, 'district'>, string> = {
  street: 'Укажите окружной комитет, в который входит уличный.',
  house: 'Укажите уличный комитет, в который входит домовый.',
}

/**
 * A row read against the list: the item it describes (without its id) and the id it names, or the
 * reasons it cannot be. `raw` comes from the form or from a file's row.
 */
function readRow(ctx: Context, raw: RawRow): { ok: true; id: number | null; item: Omit<Item, 'id'> } | { ok: false; errors: string[]; field: FieldKey | null } {
  const errors: string[] = []
  /** The form's field an error is about, so that a lone error lands beside its field. */
  let blamed: FieldKey | null = null
  const blame = (field: FieldKey, text: string) => {
    errors.push(text)
    blamed = field
  }
  const spec = LISTS[ctx.list]
  const name = clean(raw.name)
  if (!name) errors.push('не указано название')
  let id: number | null = null
  const idText = clean(raw.id)
  if (idText) {
    id = /^\d{1,9}$/.test(idText) ? Number(idText) : NaN
    if (!ctx.items.has(id)) errors.push(`записи с кодом ${idText} в справочнике нет`)
  }
  const placeByName = (value: string) => ctx.places.find((p) => norm(p.name) === norm(value)) ?? null

  let kind: string | null = null
  let level: TosLevel | null = null
  let districtId: number | null = null
  let parentId: number | null = null
  const districtText = clean(raw.district)
  const place = districtText ? placeByName(districtText) : null
  if (districtText && !place) errors.push(`района ${quoted(districtText)} в справочнике нет`)
  else if (!districtText && spec.required.includes('district')) errors.push('не указан район')
  else districtId = place?.id ?? null

  if (ctx.list === 'districts') {
    kind = readChoice(clean(raw.kind), PLACE_KIND_LABELS)
    if (!kind) errors.push(clean(raw.kind) ? `неизвестный вид ${quoted(clean(raw.kind))}: «Район» или «Жилой район»` : 'не указан вид: «Район» или «Жилой район»')
    else if (kind === 'district' && place) errors.push('район ни в какой другой не входит: оставьте столбец «Район» пустым')
    else if (kind === 'residential_area' && !districtText) errors.push('укажите район, в который входит жилой район')
    else if (kind === 'residential_area' && place && place.kind !== 'district') errors.push(`${quoted(place.name)} — не район: жилой район входит в район`)
    if (id !== null && place && place.id === id) errors.push('район не может входить сам в себя')
  }
  if (ctx.list === 'organisations') {
    kind = readChoice(clean(raw.kind), ORGANISATION_LIST_KINDS)
    if (!kind) errors.push(clean(raw.kind) ? `неизвестный вид ${quoted(clean(raw.kind))}: «Школа» или «Другая организация»` : 'не указан вид: «Школа» или «Другая организация»')
  }
  if (ctx.list === 'companies') kind = 'management_company'
  if (ctx.list === 'committees') {
    kind = 'tos_committee'
    level = readLevel(clean(raw.level))
    if (!level) errors.push(clean(raw.level) ? `неизвестный уровень ${quoted(clean(raw.level))}: окружной, уличный или домовый` : 'не указан уровень: окружной, уличный или домовый')
    else {
      const parentLevel = TOS_PARENT_LEVEL[level]
      const parentIdText = clean(raw.parentId)
      const parentName = clean(raw.parent)
      if (!parentLevel) {
        if (parentIdText || parentName) errors.push('у окружного комитета нет вышестоящего: оставьте это поле пустым')
      } else if (!parentIdText && !parentName) errors.push(PARENT_MISSING[level as Exclude<TosLevel, 'district'>].replace(/^./, (c) => c.toLocaleLowerCase('ru')).replace(/\.$/, ''))
      else {
        let parent: Item | null = null
        if (parentIdText) {
          parent = /^\d{1,9}$/.test(parentIdText) ? (ctx.items.get(Number(parentIdText)) ?? null) : null
          if (!parent) errors.push(`комитета с кодом ${parentIdText} в справочнике нет`)
        } else {
          const named = ctx.byName.get(norm(parentName)) ?? []
          const atLevel = named.filter((i) => i.level === parentLevel)
          const inDistrict = atLevel.filter((i) => i.districtId === districtId)
          if (!named.length) errors.push(`вышестоящего комитета ${quoted(parentName)} в справочнике нет`)
          else if (!atLevel.length) parent = named[0]
          else if (atLevel.length === 1) parent = atLevel[0]
          else if (inDistrict.length === 1) parent = inDistrict[0]
          else if (atLevel.some((i) => i.id === ctx.lastNamed?.get(norm(parentName)))) parent = ctx.items.get(ctx.lastNamed!.get(norm(parentName))!)!
          else errors.push(`комитетов с названием ${quoted(parentName)} несколько: укажите код вышестоящего`)
        }
        if (parent && parent.level !== parentLevel) {
          errors.push(`${levelWord(level)} комитет входит в ${levelWord(parentLevel)}, а ${quoted(parent.name)} — ${parent.level ? levelWord(parent.level) : 'не комитет ТОС'}`)
        } else if (parent && place && parent.districtId !== place.id) {
          blame('district', districtMismatch(ctx, level, parent))
        } else if (parent) parentId = parent.id
      }
    }
  }
  const address = clean(raw.address)
  if (!address && spec.required.includes('address')) errors.push('не указан адрес')
  if (name.length > 300) errors.push('название длиннее 300 знаков')
  if (address.length > 300) errors.push('адрес длиннее 300 знаков')
  if (errors.length) return { ok: false, errors, field: errors.length === 1 ? blamed : null }
  return { ok: true, id, item: { name, kind, level, districtId, parentId, address } }
}

const placeNameOf = (ctx: Context, id: number | null) => ctx.places.find((p) => p.id === id)?.name ?? null

/** A committee and the one it belongs to are in one district: «уличный комитет — в районе вышестоящего: …». */
function districtMismatch(ctx: Context, level: TosLevel, parent: Item) {
  const where = placeNameOf(ctx, parent.districtId)
  return `${levelWord(level)} комитет должен быть в том же районе, что и вышестоящий: ${quoted(parent.name)} — ${where ? `в районе ${quoted(where)}` : 'без района'}`
}

/** Whether an item's change would break those that hang on it (a level or a kind changed under children). */
function childrenBlock(ctx: Context, id: number, item: Omit<Item, 'id'>, options: { district: boolean }) {
  const before = ctx.items.get(id)!
  if (ctx.list === 'committees' && before.level !== item.level && [...ctx.items.values()].some((i) => i.parentId === id)) {
    return `в ${quoted(before.name)} входят другие комитеты: сначала перенесите их, потом меняйте уровень`
  }
  // A file may move a committee and those under it together (checked once the whole file is read); the form moves one at a time.
  if (options.district && ctx.list === 'committees' && before.districtId !== item.districtId && [...ctx.items.values()].some((i) => i.parentId === id)) {
    return `в ${quoted(before.name)} входят другие комитеты, они в районе ${quoted(placeNameOf(ctx, before.districtId) ?? '')}: сначала перенесите их, потом меняйте район`
  }
  if (ctx.list === 'districts' && before.kind === 'district' && item.kind !== 'district' && [...ctx.items.values()].some((i) => i.districtId === id)) {
    return `в ${quoted(before.name)} входят жилые районы: район не может стать жилым районом`
  }
  return null
}

async function writeItem(tx: DB, list: DirectoryList, id: number | null, item: Omit<Item, 'id'>): Promise<number> {
  if (list === 'districts') {
    const values = { name: item.name, kind: item.kind as 'district' | 'residential_area', parentId: item.districtId }
    if (id !== null) await tx.update(district).set(values).where(eq(district.id, id))
    else return (await tx.insert(district).values(values).returning({ id: district.id }))[0].id
    return id
  }
  if (list === 'centres') {
    const values = { name: item.name, districtId: item.districtId!, address: item.address }
    if (id !== null) await tx.update(centre).set(values).where(eq(centre.id, id))
    else return (await tx.insert(centre).values(values).returning({ id: centre.id }))[0].id
    return id
  }
  const values = { name: item.name, kind: item.kind as OrganisationKind, tosLevel: item.level, districtId: item.districtId, parentId: item.parentId, address: item.address }
  if (id !== null) await tx.update(organisation).set(values).where(eq(organisation.id, id))
  else return (await tx.insert(organisation).values(values).returning({ id: organisation.id }))[0].id
  return id
}

const sameItem = (a: Omit<Item, 'id'>, b: Omit<Item, 'id'>) =>
  a.name === b.name && a.kind === b.kind && a.level === b.level && a.districtId === b.districtId && a.parentId === b.parentId && a.address === b.address

const firstUpper = (s: string) => s.replace(/^./, (c) => c.toLocaleUpperCase('ru'))

/**
 * An item as its audit record keeps it: the list, then each of the list's fields in words (a district
 * and a parent by name, a level by its label), as the pages and files show them.
 */
function auditView(ctx: Context, item: Omit<Item, 'id'>): Record<string, string> {
  const view = views(ctx, [{ id: 0, ...item }], ctx.items)[0]
  const shown: Record<string, string> = { list: LISTS[ctx.list].title }
  for (const f of LISTS[ctx.list].fields) if (f !== 'id' && f !== 'parentId') shown[f] = view[f]
  return shown
}

/** Adds an item (id null) or changes one from the form, in the audit log; a refusal names what is wrong. */
export async function saveItem(actorId: string, list: DirectoryList, id: number | null, raw: RawRow): Promise<number> {
  return transaction(getDb(), async (tx) => {
    const ctx = await loadContext(tx, list)
    if (id !== null && !ctx.items.has(id)) throw new Refusal('not_found', 'Такой записи в справочнике нет.')
    const read = readRow(ctx, { ...raw, id: id === null ? '' : String(id) })
    if (!read.ok) throw new Refusal('invalid', `${firstUpper(read.errors.join('; '))}.`, read.field)
    const twin = findByKey(ctx, read.item)
    if (twin && twin.id !== id) throw new Refusal('conflict', `${quoted(twin.name)} уже есть в справочнике${list === 'districts' ? '' : ' с тем же районом и вышестоящим'}.`, 'name')
    if (id !== null) {
      const blocked = childrenBlock(ctx, id, read.item, { district: true })
      if (blocked) throw new Refusal('conflict', `${firstUpper(blocked)}.`, 'district')
    }
    const saved = await writeItem(tx, list, id, read.item)
    const after = auditView(ctx, read.item)
    if (id === null) {
      await recordAudit(tx, { actorId, action: 'directory.create', entityType: 'directory', entityId: `${list}:${saved}`, after })
    } else {
      const diff = changes(auditView(ctx, ctx.items.get(id)!), after)
      if (diff.changed) {
        await recordAudit(tx, { actorId, action: 'directory.update', entityType: 'directory', entityId: `${list}:${id}`, before: { name: ctx.items.get(id)!.name, ...diff.before }, after: { name: read.item.name, ...diff.after } })
      }
    }
    return saved
  })
}

export type ImportOutcome = { added: number; updated: number; unchanged: number }

/** Lines listed in a refusal before «и ещё …». */
const LINES_SHOWN = 20

/**
 * A file's rows (each with its line in the file) written to the list in one transaction: a row with a
 * code changes that item; one without finds its item by name within district and parent, or adds one.
 * Any bad row refuses the whole file, naming the lines, and nothing is written.
 */
export async function importRows(actorId: string, list: DirectoryList, rows: { line: number; raw: RawRow }[], fileName = ''): Promise<ImportOutcome> {
  return transaction(getDb(), async (tx) => {
    const ctx = await loadContext(tx, list)
    ctx.lastNamed = new Map()
    const outcome: ImportOutcome = { added: 0, updated: 0, unchanged: 0 }
    const problems: { line: number; text: string }[] = []
    const seen = new Map<number, number>()
    for (const { line, raw } of rows) {
      const read = readRow(ctx, raw)
      if (!read.ok) {
        problems.push({ line, text: read.errors.join('; ') })
        continue
      }
      const target = read.id !== null ? ctx.items.get(read.id)! : findByKey(ctx, read.item)
      const twin = findByKey(ctx, read.item)
      if (target && twin && twin.id !== target.id) {
        problems.push({ line, text: `${quoted(read.item.name)} уже есть в справочнике под кодом ${twin.id}` })
        continue
      }
      if (target && seen.has(target.id)) {
        problems.push({ line, text: `повторяет строку ${seen.get(target.id)}` })
        continue
      }
      if (target) {
        const blocked = childrenBlock(ctx, target.id, read.item, { district: false })
        if (blocked) {
          problems.push({ line, text: blocked })
          continue
        }
      }
      if (target && sameItem(target, read.item)) {
        outcome.unchanged++
        seen.set(target.id, line)
        ctx.lastNamed.set(norm(target.name), target.id)
        continue
      }
      const id = await writeItem(tx, list, target?.id ?? null, read.item)
      remember(ctx, { id, ...read.item })
      if (list === 'districts') ctx.places = ctx.places.filter((p) => p.id !== id).concat({ id, name: read.item.name, kind: read.item.kind!, parentId: read.item.districtId })
      seen.set(id, line)
      ctx.lastNamed.set(norm(read.item.name), id)
      if (target) outcome.updated++
      else outcome.added++
    }
    if (list === 'committees') {
      // A committee moved away from several under it is one line with several reasons.
      for (const stray of strayCommittees(ctx, seen)) {
        const same = problems.find((p) => p.line === stray.line)
        if (same) same.text += `; ${stray.text}`
        else problems.push(stray)
      }
    }
    if (problems.length) {
      problems.sort((a, b) => a.line - b.line)
      const shown = problems.slice(0, LINES_SHOWN).map((p) => `строка ${p.line}: ${p.text}`)
      const more = problems.length > LINES_SHOWN ? `; и ещё ${countOf(problems.length - LINES_SHOWN, ['строка', 'строки', 'строк'])} с ошибками` : ''
      const lines = problems.map((p) => p.line)
      throw new Refusal(
        'invalid',
        `Файл не загружен, ничего не изменено: ошибки в ${plural2(lines.length)} ${lines.slice(0, LINES_SHOWN).join(', ')}${lines.length > LINES_SHOWN ? '…' : ''}. ${firstUpper(shown.join('; '))}${more}.`,
      )
    }
    // One record for the file: its rows are counted, not listed (a register holds thousands).
    await recordAudit(tx, {
      actorId,
      action: 'directory.import',
      entityType: 'directory',
      entityId: list,
      after: { list: LISTS[list].title, file: fileName, rowsAdded: outcome.added, rowsUpdated: outcome.updated, rowsUnchanged: outcome.unchanged },
    })
    return outcome
  })
}

/**
 * Committees a file left in another district than the committee they belong to (a parent moved without
 * those under it), by the line of the row that did it: the child's, or else its parent's.
 */
function strayCommittees(ctx: Context, seen: Map<number, number>) {
  const problems: { line: number; text: string }[] = []
  for (const child of ctx.items.values()) {
    const parent = child.parentId === null ? null : ctx.items.get(child.parentId)
    if (!parent || !child.level || parent.districtId === child.districtId) continue
    const line = seen.get(child.id) ?? seen.get(parent.id)
    if (line === undefined) continue
    const text = seen.has(child.id) ? districtMismatch(ctx, child.level, parent) : `в ${quoted(parent.name)} входит ${quoted(child.name)} в районе ${quoted(placeNameOf(ctx, child.districtId) ?? '')}: перенесите и его`
    if (!problems.some((p) => p.line === line && p.text === text)) problems.push({ line, text })
  }
  return problems
}

const plural2 = (n: number) => (n === 1 ? 'строке' : 'строках')

/** What refuses a removal: the things that name the item, counted. */
async function usesOf(db: DB, list: DirectoryList, id: number): Promise<string[]> {
  const tally = async (rows: PromiseLike<{ n: number }[]>) => (await firstRow(rows))?.n ?? 0
  const counted: [number, readonly [string, string, string]][] = []
  if (list === 'districts') {
    counted.push(
      [await tally(db.select({ n: count() }).from(entry).where(eq(entry.districtId, id))), NOUNS.entry],
      [await tally(db.select({ n: count() }).from(district).where(eq(district.parentId, id))), ['жилой район', 'жилых района', 'жилых районов']],
      [await tally(db.select({ n: count() }).from(organisation).where(eq(organisation.districtId, id))), NOUNS.organisation],
      [await tally(db.select({ n: count() }).from(centre).where(eq(centre.districtId, id))), ['ЦРН', 'ЦРН', 'ЦРН']],
      [await tally(db.select({ n: count() }).from(user).where(eq(user.districtId, id))), ['учётная запись', 'учётные записи', 'учётных записей']],
      [await tally(db.select({ n: count() }).from(juryAssignment).where(eq(juryAssignment.districtId, id))), ['назначение жюри', 'назначения жюри', 'назначений жюри']],
    )
  } else if (list === 'centres') {
    counted.push(
      [await tally(db.select({ n: count() }).from(entry).where(eq(entry.centreId, id))), NOUNS.entry],
      [await tally(db.select({ n: count() }).from(user).where(eq(user.centreId, id))), ['оператор', 'оператора', 'операторов']],
    )
  } else {
    counted.push(
      [await tally(db.select({ n: count() }).from(entry).where(eq(entry.organisationId, id))), NOUNS.entry],
      [await tally(db.select({ n: count() }).from(organisation).where(eq(organisation.parentId, id))), ['входящий комитет', 'входящих комитета', 'входящих комитетов']],
      [await tally(db.select({ n: count() }).from(user).where(eq(user.organisationId, id))), ['учётная запись', 'учётные записи', 'учётных записей']],
    )
  }
  return counted.filter(([k]) => k > 0).map(([k, forms]) => countOf(k, forms))
}

/** Removes an item nothing refers to, in the audit log; otherwise says what refers to it. */
export async function removeItem(actorId: string, list: DirectoryList, id: number): Promise<string> {
  return transaction(getDb(), async (tx) => {
    const [item] = await loadItems(tx, list, [id])
    if (!item) throw new Refusal('not_found', 'Такой записи в справочнике нет.')
    const parents = item.parentId === null ? [] : await loadItems(tx, list, [item.parentId])
    const ctx: Context = { list, places: await loadPlaces(tx), items: new Map(parents.map((p) => [p.id, p])), byKey: new Map(), byName: new Map() }
    const uses = await usesOf(tx, list, id)
    if (uses.length) throw new Refusal('conflict', `Нельзя удалить ${quoted(item.name)}: на эту запись ссылаются ${uses.join(', ')}.`)
    await recordAudit(tx, { actorId, action: 'directory.delete', entityType: 'directory', entityId: `${list}:${id}`, before: auditView(ctx, item) })
    if (list === 'districts') await tx.delete(district).where(eq(district.id, id))
    else if (list === 'centres') await tx.delete(centre).where(eq(centre.id, id))
    else await tx.delete(organisation).where(eq(organisation.id, id))
    return item.name
  })
}

/** An item as the pages and files show it: each field as text. */
export type ItemView = Record<FieldKey, string> & { key: number }

function views(ctx: Context, items: Item[], parents: Map<number, Item>): ItemView[] {
  const placeName = (id: number | null) => (id === null ? '' : (ctx.places.find((p) => p.id === id)?.name ?? ''))
  return items.map((i) => ({
    key: i.id,
    id: String(i.id),
    name: i.name,
    kind:
      ctx.list === 'districts'
        ? PLACE_KIND_LABELS[i.kind as keyof typeof PLACE_KIND_LABELS]
        : ctx.list === 'organisations'
          ? ORGANISATION_LIST_KINDS[i.kind as keyof typeof ORGANISATION_LIST_KINDS]
          : '',
    level: i.level ? TOS_LEVEL_LABELS[i.level] : '',
    district: placeName(i.districtId),
    parent: i.parentId ? (parents.get(i.parentId)?.name ?? '') : '',
    parentId: i.parentId ? String(i.parentId) : '',
    address: i.address,
  }))
}

const LEVEL_ORDER: Record<TosLevel, number> = { district: 0, street: 1, house: 2 }

/** Parents before their children (a file re-imported in this order finds each parent above), then by name. */
function inFileOrder(a: Item, b: Item) {
  const depth = (i: Item) => (i.level ? LEVEL_ORDER[i.level] : i.kind === 'residential_area' ? 1 : 0)
  return depth(a) - depth(b) || a.name.localeCompare(b.name, 'ru') || a.id - b.id
}

/** One page of a list, searched by name. */
export async function listPage(list: DirectoryList, options: { q: string; page: number }) {
  const db = getDb()
  const places = await loadPlaces(db)
  const q = options.q.trim()
  const ctx: Context = { list, places, items: new Map(), byKey: new Map(), byName: new Map() }
  const table = list === 'districts' ? district : list === 'centres' ? centre : organisation
  const where = and(
    ORG_KINDS[list] ? inArray(organisation.kind, ORG_KINDS[list]) : undefined,
    q ? containsText(table.name, q) : undefined,
  )
  const total = (await firstRow(db.select({ n: count() }).from(table).where(where)))?.n ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(Math.max(1, options.page), pages)
  const idRows = await db
    .select({ id: table.id })
    .from(table)
    .where(where)
    .orderBy(asc(table.name), asc(table.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
  const items = (await loadItems(db, list, idRows.map((r) => r.id))).sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.id - b.id)
  const parentIds = [...new Set(items.map((i) => i.parentId).filter((p): p is number => p !== null))]
  const parents = new Map((parentIds.length ? await loadItems(db, list, parentIds) : []).map((p) => [p.id, p]))
  return { rows: views(ctx, items, parents), total, page, pages, places: places.map((p) => ({ id: p.id, name: p.name, kind: p.kind })) }
}

export async function getItem(list: DirectoryList, id: number) {
  const db = getDb()
  const [item] = await loadItems(db, list, [id])
  if (!item) return null
  const places = await loadPlaces(db)
  const parents = new Map((item.parentId ? await loadItems(db, list, [item.parentId]) : []).map((p) => [p.id, p]))
  return {
    item: views({ list, places, items: new Map(), byKey: new Map(), byName: new Map() }, [item], parents)[0],
    places: places.map((p) => ({ id: p.id, name: p.name, kind: p.kind })),
    chairperson: hasChairperson(list) ? await chairpersonOf(db, id) : null,
  }
}

async function chairpersonOf(db: DB, organisationId: number) {
  return (
    (await firstRow(
      db
        .select({ id: user.id, fullName: user.fullName, email: user.email })
        .from(organisation)
        .innerJoin(user, eq(user.id, organisation.chairpersonId))
        .where(eq(organisation.id, organisationId)),
    )) ?? null
  )
}

/**
 * Names an organisation's chairperson by their account's e-mail, or none (null): the chairperson may submit
 * its entries and sees them and its diplomas in their cabinet (contests/entrant.ts). Refused without such an account.
 */
export async function setChairperson(actorId: string, list: DirectoryList, organisationId: number, email: string | null) {
  if (!hasChairperson(list)) throw new Refusal('invalid', 'Председателя называют у комитетов и организаций.')
  return transaction(getDb(), async (tx) => {
    const [item] = await loadItems(tx, list, [organisationId])
    if (!item) throw new Refusal('not_found', 'Такой записи в справочнике нет.')
    const before = (await firstRow(tx.select({ chairpersonId: organisation.chairpersonId }).from(organisation).where(eq(organisation.id, organisationId))))!.chairpersonId
    const person = email === null ? null : await firstRow(tx.select({ id: user.id, fullName: user.fullName }).from(user).where(and(eq(user.email, email.toLowerCase()), isNull(user.deletedAt))))
    if (email !== null && !person) throw new Refusal('invalid', `Учётной записи с адресом ${email} нет: председатель сначала регистрируется на сайте.`, 'email')
    const after = person?.id ?? null
    if (after !== before) {
      await tx.update(organisation).set({ chairpersonId: after }).where(eq(organisation.id, organisationId))
      await recordAudit(tx, { actorId, action: 'directory.chairperson', entityType: 'directory', entityId: `${list}:${organisationId}`, before: { name: item.name, chairpersonId: before }, after: { name: item.name, chairpersonId: after } })
    }
    return { organisation: item.name, chairperson: person?.fullName ?? null }
  })
}

/** The whole list as a table: headers, then rows, parents first. */
export async function exportTable(list: DirectoryList): Promise<string[][]> {
  const ctx = await loadContext(getDb(), list)
  const items = [...ctx.items.values()].sort(inFileOrder)
  const fields = LISTS[list].fields
  return [fields.map((f) => FIELD_HEADERS[f]), ...views(ctx, items, ctx.items).map((v) => fields.map((f) => v[f]))]
}

/** How many items each list holds (the directory's first page). */
export async function listCounts(): Promise<Record<DirectoryList, number>> {
  const db = getDb()
  const orgs = await db.select({ kind: organisation.kind, n: count() }).from(organisation).groupBy(organisation.kind)
  const of = (kinds: OrganisationKind[]) => orgs.filter((o) => kinds.includes(o.kind)).reduce((sum, o) => sum + o.n, 0)
  return {
    districts: (await firstRow(db.select({ n: count() }).from(district)))?.n ?? 0,
    committees: of(ORG_KINDS.committees!),
    companies: of(ORG_KINDS.companies!),
    organisations: of(ORG_KINDS.organisations!),
    centres: (await firstRow(db.select({ n: count() }).from(centre)))?.n ?? 0,
  }
}

/** The ЦРН to choose an operator's from. */
export async function listCentres() {
  return getDb().select({ id: centre.id, name: centre.name }).from(centre).orderBy(asc(centre.name))
}
