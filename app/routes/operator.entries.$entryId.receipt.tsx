import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CLAIM_PATH } from '~/modules/accounts/letters.server'
import { NextSteps, ReceiptHead } from '~/components/entries/next-steps'
import { listStages } from '~/modules/contests/stages.server'
import { CLAIM_DAYS, issueClaimCode, paperApplication, resendClaimLetter } from '~/modules/entries/claim.server'
import { entryNextSteps } from '~/modules/entries/next-steps'
import { areaStyles } from '~/styles/links'
import { countOf, formatDate, formatDateTime, quoted } from '~/utils/format'
import { requirePermission } from '~/utils/permissions.server'
import { publicBaseUrl } from '~/utils/public-url.server'
import { asRefusal, UNKNOWN_ACTION } from '~/utils/refusal'
import { refuse, refusalStatus } from '~/utils/refusal.server'

export const links = areaStyles('entries')

export const meta: MetaFunction = () => [{ title: 'Квитанция для жителя — Городские конкурсы' }]

const NOT_YOURS = 'Такой бумажной заявки среди внесённых вами нет.'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const operator = await requirePermission(request, 'entry.enter_paper')
  const app = await paperApplication(operator, Number(params.entryId))
  if (!app) refuse('not_found', NOT_YOURS)
  const steps = entryNextSteps({ slug: app.contestSlug, closesAt: app.closesAt }, await listStages(app.contestId))
  return { app, claimUrl: publicBaseUrl(request) + CLAIM_PATH, appUrl: publicBaseUrl(request), days: CLAIM_DAYS, operatorName: operator.fullName, steps }
}

/**
 * `code`: a new receipt code, shown in this answer only (the database keeps its hash), which voids the
 * earlier receipts. `letter`: the claim letter again, to the resident's address.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const operator = await requirePermission(request, 'entry.enter_paper')
  const entryId = Number(params.entryId)
  const intent = (await request.formData()).get('intent')
  try {
    if (intent === 'code') {
      const receipt = await issueClaimCode(operator, entryId)
      return { receipt: { code: receipt.code, expiresAt: receipt.expiresAt.toISOString() }, letterTo: null, refused: null }
    }
    if (intent === 'letter') {
      if (!(await resendClaimLetter(operator, entryId, publicBaseUrl(request)))) refuse('invalid', 'Письмо не отправлено: у жителя нет адреса или он уже задал пароль.')
      return { receipt: null, letterTo: (await paperApplication(operator, entryId))?.ownerEmail ?? null, refused: null }
    }
  } catch (error) {
    const refusal = asRefusal(error)
    return data({ receipt: null, letterTo: null, refused: refusal.message }, { status: refusalStatus(refusal) })
  }
  refuse('invalid', UNKNOWN_ACTION)
}

export default function Receipt() {
  const { app, claimUrl, appUrl, days, operatorName, steps } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>()
  const receipt = reply?.receipt
  return (
    <>
      <p className="breadcrumbs no-print">
        <Link to="/cabinet">Кабинет</Link> / <Link to={`/my/entries/${app.id}`}>Заявка {app.number ?? ''}</Link>
      </p>
      <h1 className="no-print">Квитанция для жителя</h1>
      {reply?.refused ? (
        <p className="form-errors no-print" role="alert">
          {reply.refused}
        </p>
      ) : null}

      {receipt && app.number ? (
        <>
          <p className="no-print" role="status">
            Код выдан. Напечатайте квитанцию (в браузере: меню «Печать» или Ctrl+P) и отдайте жителю: код показан только сейчас, на сайте он не хранится.
          </p>
          <article className="receipt" aria-labelledby="receipt-title">
            <ReceiptHead contestTitle={app.contestTitle} number={app.number} title={app.title} />
            <p>Участник: {app.ownerName}</p>
            <p className="muted">
              Приняла: оператор ЦРН {operatorName}, {formatDate(new Date())}
            </p>
            <h3>Как увидеть заявку и получить диплом</h3>
            <ol>
              <li>
                Откройте страницу <strong className="receipt__url">{claimUrl}</strong>
              </li>
              <li>
                Введите номер заявки <strong>{app.number}</strong> и код:
                <span className="receipt__code">{receipt.code}</span>
              </li>
              <li>Укажите свою электронную почту и придумайте пароль. Учётная запись станет вашей: вы увидите заявку в личном кабинете, а когда итоги подведут, — диплом.</li>
            </ol>
            <p>
              Код действует до {formatDateTime(receipt.expiresAt)} (время кемеровское) и только один раз. Не показывайте его посторонним. Если код потеряется или срок пройдёт,
              обратитесь в ЦРН: вам напечатают новый.
            </p>
            <NextSteps steps={steps} editable={null} headingId="next-steps-title" appUrl={appUrl} />
          </article>
        </>
      ) : (
        <section className="panel" aria-labelledby="receipt-about">
          <h2 id="receipt-about">
            Заявка {app.number ?? '(черновик)'} {quoted(app.title)}
          </h2>
          <p>
            Конкурс {quoted(app.contestTitle)}. Участник: {app.ownerName}.
          </p>
          {app.claimed ? (
            <p>Житель уже задал пароль и входит на сайт сам: квитанция с кодом не нужна.</p>
          ) : app.ownerEmail ? (
            <>
              <p>
                {reply?.letterTo ? 'Письмо отправлено ещё раз' : 'Когда заявка была внесена, жителю отправлено письмо'} на {app.ownerEmail} со ссылкой, по которой он
                задаст пароль. Ссылка действует {countOf(days, ['день', 'дня', 'дней'])}.
              </p>
              <Form method="post">
                <button type="submit" name="intent" value="letter" className="button button--secondary">
                  Отправить письмо ещё раз
                </button>
              </Form>
            </>
          ) : !app.number ? (
            <p>Заявка ещё не отправлена и не получила номер: отправьте её, потом печатайте квитанцию.</p>
          ) : (
            <>
              <p>
                У жителя нет электронной почты. Напечатайте ему квитанцию с номером заявки и одноразовым кодом: с ними он сам задаст на сайте почту и пароль и увидит
                заявку, а потом и диплом. Код действует {countOf(days, ['день', 'дня', 'дней'])}.
              </p>
              <p className="muted">Новый код отменяет коды квитанций, напечатанных этому жителю раньше.</p>
              <Form method="post">
                <button type="submit" name="intent" value="code" className="button">
                  Выдать код и показать квитанцию
                </button>
              </Form>
            </>
          )}
        </section>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
