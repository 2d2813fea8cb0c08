import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { GeneralErrorBoundary } from './components/error-boundary'
import styles from './styles/app.css?url'
import { getUser } from './utils/auth.server'
import { honeypot } from './utils/honeypot.server'
import { useNonce } from './utils/nonce'
import { readToast } from './utils/toast.server'

// Only the base stylesheet: each route links its own area's stylesheet (app/styles/links.ts).
export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Городские конкурсы — Кемерово' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [{ user, setCookie }, { toasts, setCookie: toastCookie }] = await Promise.all([getUser(request), readToast(request)])
  const headers = new Headers()
  if (setCookie) headers.append('Set-Cookie', setCookie)
  if (toastCookie) headers.append('Set-Cookie', toastCookie)
  return data(
    { user: user ? { fullName: user.fullName } : null, toasts, honeypotInputProps: honeypot.getInputProps() },
    { headers },
  )
}

export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>('root')?.user ?? null
}

function Header() {
  const user = useOptionalUser()
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="site-title">
          Городские конкурсы
          <span className="site-title__city">Кемерово</span>
        </Link>
        <nav aria-label="Основное меню" className="site-nav">
          <NavLink to="/" end>
            Конкурсы
          </NavLink>
          {user ? (
            <>
              <NavLink to="/cabinet">Кабинет</NavLink>
              <Form method="post" action="/logout" className="inline-form">
                <button type="submit" className="link-button">
                  Выйти
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">Войти</NavLink>
              <NavLink to="/register">Регистрация</NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          К содержанию
        </a>
        <Header />
        <main id="main" className="container">
          {children}
        </main>
        <footer className="site-footer">
          <div className="container site-footer__inner">
            <p>Администрация города Кемерово · Отдел по работе с общественностью</p>
            <nav aria-label="Дополнительно" className="footer-nav">
              <Link to="/statistics">Статистика конкурсов</Link>
              <Link to="/diplomas">Проверить диплом</Link>
              <Link to="/privacy">Персональные данные</Link>
              <Link to="/accessibility">Доступность</Link>
              <Link to="/contacts">Контакты</Link>
            </nav>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  const { toasts } = useLoaderData<typeof loader>()
  return (
    <>
      {toasts.map((toast, i) => (
        <p key={i} role="status" className={`toast toast--${toast.kind ?? 'success'}`}>
          {toast.message}
        </p>
      ))}
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
