/**
 * The city's directory (docs/decisions/032-the-citys-directory.md): its five lists, their columns as
 * the pages, the form and the CSV/XLSX files name them, and the form's limits. Shared by the server
 * and the pages.
 */
import { z } from 'zod'

export const DIRECTORY_LISTS = ['districts', 'committees', 'companies', 'organisations', 'centres'] as const
export type DirectoryList = (typeof DIRECTORY_LISTS)[number]

/** A row's values as strings, keyed as the form names its fields: the form and every file's row are read alike. */
export const FIELDS = ['id', 'name', 'kind', 'level', 'district', 'parent', 'parentId', 'address'] as const
export type FieldKey = (typeof FIELDS)[number]
export type RawRow = Partial<Record<FieldKey, string>>

/** The columns' headers in files and tables. */
export const FIELD_HEADERS: Record<FieldKey, string> = {
  id: 'Код',
  name: 'Название',
  kind: 'Вид',
  level: 'Уровень',
  district: 'Район',
  parent: 'Вышестоящий комитет',
  parentId: 'Код вышестоящего',
  address: 'Адрес',
}

type ListSpec = {
  title: string
  /** «Добавить …» */
  one: string
  /** The file's name without extension. */
  file: string
  /** The columns, in order (the id first: a re-imported export updates rather than adds). */
  fields: FieldKey[]
  /** The columns a file must have besides the name. */
  required: FieldKey[]
  hint: string
}

export const LISTS: Record<DirectoryList, ListSpec> = {
  districts: {
    title: 'Районы и жилые районы',
    one: 'район или жилой район',
    file: 'Районы',
    fields: ['id', 'name', 'kind', 'district'],
    required: ['kind'],
    hint: 'Жилой район входит в район: укажите его в столбце «Район». У района этот столбец пустой.',
  },
  committees: {
    title: 'Комитеты ТОС',
    one: 'комитет ТОС',
    file: 'Комитеты ТОС',
    fields: ['id', 'name', 'level', 'district', 'parent', 'parentId', 'address'],
    required: ['level', 'district'],
    hint: 'Уличный комитет входит в окружной, домовый — в уличный: укажите вышестоящий комитет по названию или по коду. Вышестоящие комитеты идут в файле раньше входящих в них.',
  },
  companies: {
    title: 'Управляющие компании',
    one: 'управляющую компанию',
    file: 'Управляющие компании',
    fields: ['id', 'name', 'district', 'address'],
    required: [],
    hint: 'Район можно не указывать.',
  },
  organisations: {
    title: 'Школы и другие организации',
    one: 'организацию',
    file: 'Организации',
    fields: ['id', 'name', 'kind', 'district', 'address'],
    required: ['kind'],
    hint: 'Вид — «Школа» или «Другая организация».',
  },
  centres: {
    title: 'ЦРН — центры по работе с населением',
    one: 'ЦРН',
    file: 'ЦРН',
    fields: ['id', 'name', 'district', 'address'],
    required: ['district', 'address'],
    hint: 'У каждого ЦРН есть район и адрес.',
  },
}

/** Whether a list's items are organisations (committees, companies, schools and others): each may name its chairperson. */
export const hasChairperson = (list: DirectoryList) => list === 'committees' || list === 'companies' || list === 'organisations'

/** The kinds of the «Школы и другие организации» list, one at a time. */
export const ORGANISATION_LIST_KINDS = { school: 'Школа', other: 'Другая организация' } as const

export const NAME_MAX = 300
export const ADDRESS_MAX = 300
/** Rows a file may hold: the city's 7,779 ТОС bodies with room to spare. */
export const IMPORT_MAX_ROWS = 20_000
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024
export const PAGE_SIZE = 50

const text = (max: number, message: string) => z.string().trim().max(max, message).optional()

/** The form's fields as strings; what they must mean is the service's (the same for a file's rows). */
export const ItemSchema = z.object({
  name: z.string({ error: 'Укажите название' }).trim().min(1, 'Укажите название').max(NAME_MAX, `Название — не длиннее ${NAME_MAX} знаков`),
  kind: text(50, 'Неизвестный вид'),
  level: text(50, 'Неизвестный уровень'),
  district: text(NAME_MAX, 'Неизвестный район'),
  parent: text(NAME_MAX, `Название вышестоящего — не длиннее ${NAME_MAX} знаков`),
  parentId: text(12, 'Код — число'),
  address: text(ADDRESS_MAX, `Адрес — не длиннее ${ADDRESS_MAX} знаков`),
})

export const isDirectoryList = (value: unknown): value is DirectoryList => DIRECTORY_LISTS.includes(value as DirectoryList)
