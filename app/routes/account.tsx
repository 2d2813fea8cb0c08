import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CheckboxField, Field, FormErrors } from '~/components/ui/field'
import { isVerified } from '~/modules/accounts/accounts.server'
import { accountOf, changePassword, endOwnSessions, ownSessions, updateProfile } from '~/modules/accounts/account.server'
import { confirmEmailByCode, pendingAddress, requestEmailChange, resendConfirmation } from '~/modules/accounts/email.server'
import { ConfirmationCodeSchema, DeleteAccountSchema, EmailChangeSchema, FULL_NAME_MAX, PASSWORD_HINT, PasswordChangeSchema, ProfileSchema, SessionHandleSchema } from '~/modules/accounts/validation'
import { deleteAccount } from '~/modules/privacy/erase.server'
import { blankSessionCookie, currentSessionHandle } from '~/utils/auth.server'
import { countOf, formatDateTime, formatNumber } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { requirePermission } from '~/utils/permissions.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { UNKNOWN_ACTION } from '~/utils/refusal'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Учётная запись — Городские конкурсы' }]

const SESSIONS: readonly [string, string, string] = ['сеанс', 'сеанса', 'сеансов']

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const [account, pending, sessions] = await Promise.all([accountOf(user.id), pendingAddress(user.id), ownSessions(request, user.id)])
  return {
    account: { fullName: account.fullName, phone: account.phone ?? '', email: account.email, verified: isVerified(account) },
    pending: pending ? { email: pending.email, expiresAt: formatDateTime(pending.expiresAt), change: pending.email !== account.email } : null,
    sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt ? formatDateTime(s.createdAt) : null })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, 'account.use')
  const formData = await request.formData()
  const back = (section: string, message: string) => redirectWithToast(`/account#${section}`, { message })
  switch (formData.get('intent')) {
    case 'profile':
      return submitForm(formData, 'profile', ProfileSchema, async (value) =>
        back('profile', (await updateProfile(user.id, value)) ? 'ФИО и телефон сохранены' : 'Изменений нет'),
      )
    case 'email':
      return submitForm(
        formData,
        'email',
        EmailChangeSchema,
        async (value) => {
          await requestEmailChange(user.id, value, publicBaseUrl(request))
          return back('email', `Мы отправили письмо на ${value.email}. Адрес сменится, когда вы подтвердите его по ссылке или кодом из письма.`)
        },
        { hide: ['password'] },
      )
    case 'code':
      return submitForm(formData, 'code', ConfirmationCodeSchema, async ({ code }) => {
        const confirmed = await confirmEmailByCode(user.id, code)
        return back('email', confirmed.changed ? `Адрес учётной записи изменён на ${confirmed.email} и подтверждён.` : `Адрес ${confirmed.email} подтверждён.`)
      })
    case 'resend':
      return submitForm(formData, 'resend', z.object({}), async () => back('email', `Письмо отправлено ещё раз на ${await resendConfirmation(user.id, publicBaseUrl(request))}.`))
    case 'password':
      return submitForm(
        formData,
        'password',
        PasswordChangeSchema,
        async (value) => {
          const ended = await changePassword(request, user.id, value)
          return back('password', ended ? `Пароль изменён. На других устройствах выполнен выход (${countOf(ended, SESSIONS)}).` : 'Пароль изменён.')
        },
        { hide: ['currentPassword', 'password'] },
      )
    case 'end-session':
      return submitForm(formData, 'sessions', SessionHandleSchema, async ({ handle }) => {
        const current = await currentSessionHandle(request)
        const ended = await endOwnSessions(user.id, { handle })
        if (handle === current) return redirectWithToast('/login', { message: 'Вы вышли из учётной записи.' }, { headers: { 'Set-Cookie': blankSessionCookie() } })
        return back('sessions', ended ? 'Сеанс завершён: на том устройстве выполнен выход.' : 'Этот сеанс уже завершён.')
      })
    case 'end-all':
      return submitForm(formData, 'sessions', z.object({}), async () => {
        const ended = await endOwnSessions(user.id, { all: true })
        return redirectWithToast(
          '/login',
          { message: `Вы вышли из учётной записи на всех устройствах (${countOf(ended, SESSIONS)}).` },
          { headers: { 'Set-Cookie': blankSessionCookie() } },
        )
      })
    case 'delete':
      return submitForm(
        formData,
        'delete',
        DeleteAccountSchema,
        async ({ password }) => {
          const done = await deleteAccount(user.id, password)
          const withdrawn = done.withdrawn ? ` Отозвано заявок: ${formatNumber(done.withdrawn)}.` : ''
          return redirectWithToast(
            '/',
            { message: `Учётная запись удалена, согласие на обработку персональных данных отозвано.${withdrawn}` },
            { headers: { 'Set-Cookie': blankSessionCookie() } },
          )
        },
        { hide: ['password'] },
      )
    default:
      refuse('invalid', UNKNOWN_ACTION)
  }
}

export default function AccountPage() {
  const { account, pending, sessions } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/cabinet">Личный кабинет</Link>
      </p>
      <h1>Учётная запись</h1>
      <EmailSection account={account} pending={pending} />
      <ProfileSection account={account} />
      <PasswordSection />
      <SessionsSection sessions={sessions} />
      <DataSection />
      <DeleteSection />
    </>
  )
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

function EmailSection({ account, pending }: Pick<PageData, 'account' | 'pending'>) {
  const [change, changeFields] = useKeyedForm('email', { schema: EmailChangeSchema })
  const [code, codeFields] = useKeyedForm('code', { schema: ConfirmationCodeSchema })
  const resend = useFormReply('resend')
  return (
    <section className="panel" id="email" aria-labelledby="email-title">
      <h2 id="email-title">Электронная почта</h2>
      <p>
        {account.email ?? 'Адрес не указан'}{' '}
        {account.email ? (
          account.verified ? (
            <span className="badge badge--ok">подтверждён</span>
          ) : (
            <span className="badge badge--warn">не подтверждён</span>
          )
        ) : null}
      </p>
      {pending ? (
        <p>
          {pending.change
            ? `Новый адрес ${pending.email} ждёт подтверждения: до тех пор письма приходят на прежний. `
            : `Мы отправили письмо на ${pending.email}. `}
          Откройте ссылку из письма или введите код из него. Ссылка и код действуют до {pending.expiresAt}.
        </p>
      ) : !account.verified && account.email ? (
        <p>Ссылка и код из письма больше не действуют: отправьте письмо ещё раз.</p>
      ) : null}
      {pending ? (
        <Form method="post" {...getFormProps(code)} className="stack">
          <input type="hidden" name="intent" value="code" />
          <FormErrors errors={code.errors} id={code.errorId} />
          <Field
            label="Код из письма"
            errors={codeFields.code.errors}
            inputProps={{ ...getInputProps(codeFields.code, { type: 'text' }), inputMode: 'numeric', autoComplete: 'one-time-code' }}
          />
          <div>
            <button type="submit" className="button">
              Подтвердить адрес
            </button>
          </div>
        </Form>
      ) : null}
      {pending || (!account.verified && account.email) ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="resend" />
          <FormErrors errors={resend?.error?.[''] ?? undefined} />
          <div>
            <button type="submit" className="button button--secondary">
              Отправить письмо ещё раз
            </button>
          </div>
        </Form>
      ) : null}

      <h3>Сменить адрес</h3>
      <Form method="post" {...getFormProps(change)} noValidate className="stack">
        <input type="hidden" name="intent" value="email" />
        <FormErrors errors={change.errors} id={change.errorId} />
        <Field
          label="Новый адрес"
          hint="Пришлём на него письмо: адрес сменится, когда вы подтвердите его."
          errors={changeFields.email.errors}
          inputProps={{ ...getInputProps(changeFields.email, { type: 'email' }), autoComplete: 'email', inputMode: 'email' }}
        />
        <Field
          label="Пароль"
          errors={changeFields.password.errors}
          inputProps={{ ...getInputProps(changeFields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <div>
          <button type="submit" className="button">
            Сменить адрес
          </button>
        </div>
      </Form>
    </section>
  )
}

function ProfileSection({ account }: Pick<PageData, 'account'>) {
  const [form, fields] = useKeyedForm('profile', { schema: ProfileSchema, defaultValue: { fullName: account.fullName, phone: account.phone } })
  return (
    <section className="panel" id="profile" aria-labelledby="profile-title">
      <h2 id="profile-title">ФИО и телефон</h2>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <input type="hidden" name="intent" value="profile" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label="Фамилия, имя и отчество"
          errors={fields.fullName.errors}
          inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoComplete: 'name', maxLength: FULL_NAME_MAX }}
        />
        <Field
          label="Телефон (необязательно)"
          errors={fields.phone.errors}
          inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel', placeholder: '+7 900 123-45-67' }}
        />
        <div>
          <button type="submit" className="button">
            Сохранить
          </button>
        </div>
      </Form>
    </section>
  )
}

function PasswordSection() {
  const [form, fields] = useKeyedForm('password', { schema: PasswordChangeSchema })
  return (
    <section className="panel" id="password" aria-labelledby="password-title">
      <h2 id="password-title">Пароль</h2>
      <p>После смены пароля на всех других устройствах произойдёт выход из учётной записи.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <input type="hidden" name="intent" value="password" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <Field
          label="Нынешний пароль"
          errors={fields.currentPassword.errors}
          inputProps={{ ...getInputProps(fields.currentPassword, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <Field
          label="Новый пароль"
          hint={PASSWORD_HINT}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <div>
          <button type="submit" className="button">
            Сменить пароль
          </button>
        </div>
      </Form>
      <p>
        Не помните нынешний пароль? <Link to="/forgot-password">Восстановите его по почте</Link>.
      </p>
    </section>
  )
}

const endLabel = (current: boolean) => (current ? 'Выйти на этом устройстве' : 'Выйти на том устройстве')

function SessionsSection({ sessions }: Pick<PageData, 'sessions'>) {
  const reply = useFormReply('sessions')
  return (
    <section className="panel" id="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Где выполнен вход</h2>
      <FormErrors errors={reply?.error?.[''] ?? reply?.error?.handle ?? undefined} />
      <ul className="user-list">
        {sessions.map((s) => (
          <li key={s.handle} className="card">
            <p>
              <strong>{s.browser}</strong> {s.current ? <span className="badge badge--ok">это устройство</span> : null}
            </p>
            <p className="muted">{s.createdAt ? `Вход: ${s.createdAt}` : 'Время входа не записано'}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="end-session" />
              <input type="hidden" name="handle" value={s.handle} />
              <button type="submit" className="button button--secondary" aria-label={`${endLabel(s.current)}: ${s.browser}${s.createdAt ? `, вход ${s.createdAt}` : ''}`}>
                {endLabel(s.current)}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="end-all" />
        <button type="submit" className="button button--danger">
          Выйти на всех устройствах
        </button>
      </Form>
    </section>
  )
}

function DataSection() {
  return (
    <section className="panel" id="data" aria-labelledby="data-title">
      <h2 id="data-title">Мои данные</h2>
      <p>
        Архив со всем, что сервис хранит о вас: учётная запись, согласие, заявки, авторы, дипломы, письма, действия и ваши фотографии. Как мы обращаемся с
        данными — в <Link to="/privacy">политике обработки персональных данных</Link>.
      </p>
      <p>
        <a className="button button--secondary" href="/resources/account/data.zip" download>
          Скачать мои данные (ZIP)
        </a>
      </p>
    </section>
  )
}

function DeleteSection() {
  const [form, fields] = useKeyedForm('delete', { schema: DeleteAccountSchema })
  return (
    <section className="panel" id="delete" aria-labelledby="delete-title">
      <h2 id="delete-title">Удалить учётную запись</h2>
      <p>Удаление отзывает согласие на обработку персональных данных. Восстановить учётную запись будет нельзя.</p>
      <ul>
        <li>ФИО, адрес электронной почты, телефон, пароль и письма удаляются, на всех устройствах выполняется выход;</li>
        <li>заявки, итоги которых не опубликованы, отзываются, их описание, авторы и фотографии удаляются;</li>
        <li>опубликованные итоги и выданные дипломы остаются как документы конкурса: с названием работы, фотографиями и ФИО авторов.</li>
      </ul>
      <p>Прежде чем удалить, можно скачать свои данные выше.</p>
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <input type="hidden" name="intent" value="delete" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <CheckboxField
          label="Я понимаю, что учётная запись будет удалена без возможности восстановления"
          errors={fields.confirm.errors}
          inputProps={getInputProps(fields.confirm, { type: 'checkbox' })}
        />
        <Field
          label="Пароль"
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <div>
          <button type="submit" className="button button--danger">
            Удалить учётную запись
          </button>
        </div>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
