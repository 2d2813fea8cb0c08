import { getFormProps } from '@conform-to/react'
import { MaxFileSizeExceededError, MaxFilesExceededError, parseFormData } from '@remix-run/form-data-parser'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ItemFields } from '~/components/directory/item-fields'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Pager } from '~/components/organiser/pager'
import { TableWrap } from '~/components/ui/table-wrap'
import { FormErrors } from '~/components/ui/field'
import { importRows, listPage, saveItem } from '~/modules/directory/directory.server'
import { readRows } from '~/modules/directory/files.server'
import { DIRECTORY_LISTS, FIELD_HEADERS, IMPORT_MAX_BYTES, isDirectoryList, ItemSchema, LISTS, type DirectoryList } from '~/modules/directory/lists'
import { areaStyles } from '~/styles/links'
import { useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { quoted } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'
import { asRefusal, NO_SUCH_PAGE, UNKNOWN_ACTION } from '~/utils/refusal'
import { refusalStatus, refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const links = areaStyles('organiser')

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [{ title: `${page ? LISTS[page.list].title : 'Справочник'} — Городские конкурсы` }]

function listOf(params: LoaderFunctionArgs['params']): DirectoryList {
  if (!isDirectoryList(params.list)) refuse('not_found', NO_SUCH_PAGE)
  return params.list
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'directory.manage')
  const list = listOf(params)
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').slice(0, 100)
  const page = Number(url.searchParams.get('page') ?? '1')
  return { list, q, ...(await listPage(list, { q, page: Number.isInteger(page) ? page : 1 })) }
}

/** A file posted with the import form: read whole (within IMPORT_MAX_BYTES), then imported in one transaction. */
async function importFile(request: Request, actorId: string, list: DirectoryList) {
  let file: FormDataEntryValue | null
  try {
    file = (await parseFormData(request, { maxFiles: 1, maxFileSize: IMPORT_MAX_BYTES })).get('file')
  } catch (error) {
    if (error instanceof MaxFileSizeExceededError || error instanceof MaxFilesExceededError || (error as Error).cause instanceof MaxFileSizeExceededError) {
      return data({ importError: `Файл больше ${IMPORT_MAX_BYTES / 1024 / 1024} МБ: разделите его на части.` }, { status: 413 })
    }
    throw error
  }
  if (!(file instanceof File) || !file.size) return data({ importError: 'Выберите файл CSV или XLSX.' }, { status: 400 })
  try {
    const outcome = await importRows(actorId, list, await readRows(list, Buffer.from(await file.arrayBuffer())), file.name)
    return redirectWithToast(`/organiser/directory/${list}`, {
      message: `Файл загружен: добавлено ${outcome.added}, изменено ${outcome.updated}, без изменений ${outcome.unchanged}`,
    })
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ importError: refusal.message }, { status: refusalStatus(refusal) })
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, 'directory.manage')
  const list = listOf(params)
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/')) return importFile(request, actor.id, list)
  const formData = await request.formData()
  if (formData.get('intent') !== 'add') refuse('invalid', UNKNOWN_ACTION)
  return submitForm(formData, 'add', ItemSchema, async (value) => {
    await saveItem(actor.id, list, null, value)
    return redirectWithToast(`/organiser/directory/${list}?q=${encodeURIComponent(value.name)}`, { message: `Добавлено: ${quoted(value.name)}` })
  })
}

export default function DirectoryListPage() {
  const { list, q, rows, total, page, pages, places } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const importError = reply && 'importError' in reply ? reply.importError : null
  const spec = LISTS[list]
  const [form, fields] = useKeyedForm('add', { schema: ItemSchema })
  const columns = spec.fields.filter((f) => f !== 'id' && f !== 'name' && f !== 'parentId')
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Кабинет</Link> / <Link to="/organiser/directory">Справочник города</Link>
      </p>
      <h1>{spec.title}</h1>
      <nav aria-label="Списки справочника" className="org-actions">
        {DIRECTORY_LISTS.filter((l) => l !== list).map((l) => (
          <Link key={l} to={`/organiser/directory/${l}`}>
            {LISTS[l].title}
          </Link>
        ))}
      </nav>
      <Form method="get" className="search-form" role="search">
        <label htmlFor="q">Поиск по названию</label>
        <input id="q" name="q" type="search" defaultValue={q} maxLength={100} />
        <button type="submit" className="button button--secondary">
          Найти
        </button>
      </Form>
      {rows.length ? (
        <TableWrap label={spec.title}>
          <table>
            <caption>
              {q ? `Найдено: ${total}` : `Всего: ${total}`}
            </caption>
            <thead>
              <tr>
                <th scope="col">{FIELD_HEADERS.id}</th>
                <th scope="col">{FIELD_HEADERS.name}</th>
                {columns.map((c) => (
                  <th scope="col" key={c}>
                    {FIELD_HEADERS[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td>{r.id}</td>
                  <th scope="row">
                    <Link to={`/organiser/directory/${list}/${r.id}`}>{r.name}</Link>
                  </th>
                  {columns.map((c) => (
                    <td key={c}>{r[c]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>{q ? 'Ничего не найдено.' : 'Список пока пуст: добавьте записи или загрузите файл.'}</p>
      )}
      <Pager page={page} pages={pages} total={total} label={`Страницы списка ${quoted(spec.title)}`} previous="← Предыдущие" next="Следующие →" className="org-actions" />

      <section aria-labelledby="files-title" className="panel stack">
        <h2 id="files-title">Файлы</h2>
        <p>
          Скачать список: <a href={`/resources/directory/${list}.csv`}>CSV</a>, <a href={`/resources/directory/${list}.xlsx`}>XLSX</a>. Загруженный файл с
          теми же столбцами обновит записи по коду, а без кода — найдёт их по названию в том же районе{list === 'committees' ? ' и вышестоящем комитете' : ''}; новые добавит.
        </p>
        <p className="muted">{spec.hint}</p>
        <Form method="post" encType="multipart/form-data" className="stack">
          {importError ? (
            <p role="alert" className="form-errors" id="import-error">
              {importError}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="import-file">Файл CSV или XLSX</label>
            <input id="import-file" name="file" type="file" accept=".csv,.xlsx,text/csv" required aria-describedby={importError ? 'import-error' : undefined} />
          </div>
          <button type="submit" className="button">
            Загрузить
          </button>
        </Form>
      </section>

      <Form method="post" className="stack panel" {...getFormProps(form)}>
        <h2>Добавить {spec.one}</h2>
        <input type="hidden" name="intent" value="add" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <ItemFields list={list} fields={fields} places={places} />
        <button type="submit" className="button">
          Добавить
        </button>
      </Form>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
