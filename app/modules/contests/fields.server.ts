import { and, asc, count, eq } from 'drizzle-orm'
import { getDb, schema, type DB, firstRow, transaction } from '../../../db/client.server'
import { changes, recordAudit } from '../audit/audit.server'
import { Refusal } from '../../utils/refusal'
import { moveItem } from './positions'
import { MAX_FORM_FIELDS, slugify, type FormFieldInput } from './validation'
import { quoted } from '../../utils/format'

const { formField, entryFieldValue } = schema

async function listFields(contestId: number, db: DB) {
  return await db.select().from(formField).where(eq(formField.contestId, contestId)).orderBy(asc(formField.position), asc(formField.id))
}

/** The contest's own application fields, with how many entries have answered each. */
export async function fieldsPage(contestId: number) {
  const db = getDb()
  const answers = new Map(
    (
      await db
        .select({ id: entryFieldValue.fieldId, n: count() })
        .from(entryFieldValue)
        .innerJoin(formField, eq(formField.id, entryFieldValue.fieldId))
        .where(eq(formField.contestId, contestId))
        .groupBy(entryFieldValue.fieldId)
    ).map((r) => [r.id, r.n]),
  )
  return (await listFields(contestId, db)).map((f) => ({ ...f, answers: answers.get(f.id) ?? 0 }))
}

async function getField(contestId: number, id: number, db: DB) {
  const row = await firstRow(
    db
      .select()
      .from(formField)
      .where(and(eq(formField.id, id), eq(formField.contestId, contestId))),
  )
  if (!row) throw new Refusal('invalid', 'Такого поля нет.')
  return row
}

async function answered(fieldId: number, db: DB) {
  return (await db.select({ value: entryFieldValue.value }).from(entryFieldValue).where(eq(entryFieldValue.fieldId, fieldId))).map((r) => r.value)
}

/** The key statistics and exports use stays as first made, whatever the label later becomes. */
function newKey(label: string, taken: Set<string>) {
  const base = slugify(label, '_').slice(0, 40) || 'field'
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`
  return key
}

export async function addField(actorId: string, contestId: number, input: FormFieldInput) {
  await transaction(getDb(), async (tx) => {
    const existing = await listFields(contestId, tx)
    if (existing.length >= MAX_FORM_FIELDS) throw new Refusal('invalid', `Полей заявки — не больше ${MAX_FORM_FIELDS}.`)
    if (existing.some((f) => f.label.toLowerCase() === input.label.toLowerCase())) throw new Refusal('invalid', `Поле ${quoted(input.label)} уже есть.`, 'label')
    const values = input
    const [row] = await tx
      .insert(formField)
      .values({ ...values, contestId, key: newKey(input.label, new Set(existing.map((f) => f.key))), position: existing.reduce((max, f) => Math.max(max, f.position + 1), 0) })
      .returning()
    await recordAudit(tx, { actorId, action: 'form_field.create', entityType: 'form_field', entityId: row.id, contestId, after: values })
  })
}

/** Entrants' answers are never orphaned: a field with answers keeps its type and every option already chosen. */
export async function updateField(actorId: string, contestId: number, input: FormFieldInput & { id: number }) {
  await transaction(getDb(), async (tx) => {
    const current = await getField(contestId, input.id, tx)
    const { id: _id, ...values } = input
    const diff = changes(current, values)
    if (!diff.changed) return
    const clash = (await listFields(contestId, tx)).find((f) => f.id !== current.id && f.label.toLowerCase() === input.label.toLowerCase())
    if (clash) throw new Refusal('invalid', `Поле ${quoted(clash.label)} уже есть.`, 'label')
    const given = await answered(current.id, tx)
    if (given.length > 0 && values.kind !== current.kind) throw new Refusal('invalid', 'Тип поля нельзя изменить: в заявках уже есть ответы.', 'kind')
    if (current.kind === 'choice') {
      const dropped = current.options.find((o) => !values.options.includes(o) && given.includes(o))
      if (dropped) throw new Refusal('invalid', `Вариант «${dropped}» уже выбран в заявках, его нельзя убрать.`, 'options')
    }
    await tx.update(formField).set(values).where(eq(formField.id, current.id))
    await recordAudit(tx, { actorId, action: 'form_field.update', entityType: 'form_field', entityId: current.id, contestId, ...diff })
  })
}

export async function deleteField(actorId: string, contestId: number, id: number) {
  await transaction(getDb(), async (tx) => {
    const current = await getField(contestId, id, tx)
    if ((await answered(id, tx)).length > 0) throw new Refusal('invalid', `Поле ${quoted(current.label)} уже заполнено в заявках, его нельзя удалить.`)
    await tx.delete(formField).where(eq(formField.id, id))
    await recordAudit(tx, { actorId, action: 'form_field.delete', entityType: 'form_field', entityId: id, contestId, before: { label: current.label, kind: current.kind } })
  })
}

export async function moveField(actorId: string, contestId: number, id: number, direction: 'up' | 'down') {
  await transaction(getDb(), async (tx) => {
    const current = await getField(contestId, id, tx)
    const positions = moveItem(await listFields(contestId, tx), id, direction)
    if (!positions) return
    for (const p of positions) await tx.update(formField).set({ position: p.position }).where(eq(formField.id, p.id))
    await recordAudit(tx, {
      actorId,
      action: 'form_field.move',
      entityType: 'form_field',
      entityId: id,
      contestId,
      after: { label: current.label, position: positions.findIndex((p) => p.id === id) + 1 },
    })
  })
}
