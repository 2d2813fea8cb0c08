import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { AccountConsent } from '~/components/ui/account-consent'
import { Field, FormErrors } from '~/components/ui/field'
import { HoneypotFields } from '~/components/ui/honeypot'
import { privacyPolicy } from '~/modules/accounts/policy.server'
import { FULL_NAME_MAX, PASSWORD_HINT } from '~/modules/accounts/validation'
import { AcceptInvitationSchema } from '~/modules/contests/validation'
import { acceptInvitation, acceptWithNewAccount, findInvitation, wrongAccount, type Welcome } from '~/modules/jury/invitations.server'
import { getUser, startSession } from '~/utils/auth.server'
import { requirePermission } from '~/utils/permissions.server'
import { formatDateTime, plural, quoted } from '~/utils/format'
import { useFormReply, useKeyedForm } from '~/utils/forms'
import { submitForm } from '~/utils/forms.server'
import { checkHoneypot } from '~/utils/honeypot.server'
import { refuse } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Приглашение в жюри — Городские конкурсы' }, { name: 'robots', content: 'noindex' }]

async function loadInvitation(token: string | undefined) {
  const invitation = await findInvitation(token ?? '')
  if (!invitation) refuse('not_found', 'Приглашение не найдено: возможно, его отозвали или прислали новое письмо со свежей ссылкой.')
  return invitation
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await loadInvitation(params.token)
  const { user } = await getUser(request)
  const loginUrl = `/login?redirectTo=${encodeURIComponent(`/invitations/${params.token}`)}`
  // Once accepted, the link may be forwarded or left in a shared mailbox: it no longer tells whom it was for.
  if (invitation.state === 'accepted') return data({ state: 'accepted' as const, signedIn: Boolean(user), loginUrl })
  return data(
    {
      state: invitation.state,
      invitation: {
        email: invitation.email,
        fullName: invitation.fullName,
        contestTitle: invitation.contestTitle,
        expiresAt: formatDateTime(invitation.expiresAt),
      },
      user: user ? { fullName: user.fullName, email: user.email, wrongAccount: wrongAccount(invitation, user) } : null,
      loginUrl,
      operator: privacyPolicy().operator.name,
    },
    { status: invitation.state === 'expired' ? 410 : 200 }
  )
}

/** Tells the new juror plainly whether there is work already or they wait for the organiser. */
function welcomeToast({ contestTitle, nominations }: Welcome) {
  const inJury = `Вы в жюри конкурса ${quoted(contestTitle)}.`
  if (!nominations.length) {
    return { message: `${inJury} Номинации вам пока не назначены: когда организатор назначит их, конкурс появится в разделе «Работа в жюри».` }
  }
  const label = plural(nominations.length, ['Назначена номинация', 'Назначены номинации', 'Назначены номинации'])
  return { message: `${inJury} ${label}: ${nominations.map(quoted).join(', ')}.` }
}

export async function action({ request, params }: ActionFunctionArgs) {
  await loadInvitation(params.token)
  const token = params.token!
  const formData = await request.formData()
  if (formData.get('intent') === 'accept') {
    const user = await requirePermission(request, 'account.use')
    return submitForm(formData, 'accept', z.object({}), async () => redirectWithToast('/cabinet', welcomeToast(await acceptInvitation(user.id, token))))
  }
  const { user } = await getUser(request)
  if (user) refuse('invalid', 'Вы уже вошли: примите приглашение кнопкой на странице.')
  checkHoneypot(formData)
  return submitForm(
    formData,
    'register',
    AcceptInvitationSchema,
    async (value) => {
      const { userId, welcome } = await acceptWithNewAccount(token, value, privacyPolicy().version)
      return redirectWithToast('/cabinet', welcomeToast(welcome), { headers: { 'Set-Cookie': await startSession(userId, request) } })
    },
    { hide: ['password'] }
  )
}

export default function InvitationPage() {
  const page = useLoaderData<typeof loader>()
  if (page.state === 'accepted') return <AcceptedInvitation signedIn={page.signedIn} loginUrl={page.loginUrl} />
  return <OpenInvitation {...page} />
}

function AcceptedInvitation({ signedIn, loginUrl }: { signedIn: boolean; loginUrl: string }) {
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">Приглашение уже принято</h1>
      <p>По этой ссылке приглашение в жюри уже приняли. Если это были вы, войдите в свою учётную запись: конкурс — в разделе «Работа в жюри».</p>
      <p>{signedIn ? <Link to="/jury">Перейти к работе в жюри</Link> : <Link to={loginUrl}>Войти</Link>}</p>
    </section>
  )
}

type OpenInvitationProps = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { state: 'accepted' }>

function OpenInvitation({ state, invitation, user, loginUrl, operator }: OpenInvitationProps) {
  const accept = useFormReply('accept')
  const [register, fields] = useKeyedForm('register', {
    schema: AcceptInvitationSchema,
    defaultValue: { fullName: invitation.fullName },
  })
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">Приглашение в жюри</h1>
      <p className="lead">Конкурс {quoted(invitation.contestTitle)}</p>
      {state === 'expired' ? (
        <p>Срок действия приглашения истёк {invitation.expiresAt}. Попросите организатора прислать новое.</p>
      ) : user?.wrongAccount ? (
        <>
          <p role="alert">{user.wrongAccount}</p>
          <Form method="post" action="/logout">
            <input type="hidden" name="redirectTo" value={loginUrl} />
            <button type="submit" className="button">
              Выйти и войти с адресом {invitation.email}
            </button>
          </Form>
        </>
      ) : user ? (
        <>
          <p>
            Вы вошли как {user.fullName} ({user.email}).
          </p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="accept" />
            <FormErrors errors={accept?.error?.[''] ?? undefined} />
            <button type="submit" className="button">
              Принять приглашение
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>Ссылка действует до {invitation.expiresAt}.</p>
          <p>
            Уже есть учётная запись? <Link to={loginUrl}>Войдите</Link>, и приглашение можно будет принять.
          </p>
          <h2>Новая учётная запись</h2>
          <Form method="post" className="stack" {...getFormProps(register)}>
            <input type="hidden" name="intent" value="register" />
            <FormErrors errors={register.errors} id={register.errorId} />
            <HoneypotFields />
            <div className="field">
              <label htmlFor="invited-email">Электронная почта</label>
              <input id="invited-email" type="email" value={invitation.email} readOnly aria-describedby="invited-email-hint" />
              <p id="invited-email-hint" className="field__hint">
                Приглашение пришло на этот адрес, он и будет вашим логином.
              </p>
            </div>
            <Field
              label="Фамилия, имя и отчество"
              errors={fields.fullName.errors}
              inputProps={{
                ...getInputProps(fields.fullName, { type: 'text' }),
                autoComplete: 'name',
                maxLength: FULL_NAME_MAX,
              }}
            />
            <Field
              label="Телефон (необязательно)"
              errors={fields.phone.errors}
              inputProps={{
                ...getInputProps(fields.phone, { type: 'tel' }),
                autoComplete: 'tel',
              }}
            />
            <Field
              label="Пароль"
              hint={PASSWORD_HINT}
              errors={fields.password.errors}
              inputProps={{
                ...getInputProps(fields.password, { type: 'password' }),
                autoComplete: 'new-password',
              }}
            />
            <AccountConsent operator={operator} purpose="для работы в жюри городских конкурсов" field={fields.consent} />
            <button type="submit" className="button">
              Создать учётную запись и принять приглашение
            </button>
          </Form>
        </>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
