/**
 * A page whose rendering is cut off because it took too long (app/entry.server.tsx): what the server's
 * log says about it, and the whole page the person gets instead of one that stops halfway.
 */

/** Service Unavailable: the server could not make the page in time, and trying again may work. */
export const SLOW_PAGE_STATUS = 503

/** One line in the log: which page, how long its rendering ran, and how long since the request came. */
export function logSlowPage(request: Request, renderMs: number, requestMs: number | null) {
  const url = new URL(request.url)
  const total = requestMs === null ? '' : ` (${Math.round(requestMs)} ms since the request came)`
  console.error(`Page render aborted after ${Math.round(renderMs)} ms${total}: ${request.method} ${url.pathname}${url.search}`)
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The answer instead of the cut-off page: a complete document, kept by no cache, with the session's cookies that the loaders set. */
export function slowPageResponse(request: Request, loaderHeaders: Headers) {
  const url = new URL(request.url)
  const again = escape(url.pathname + url.search)
  const html = `<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Страница не успела открыться — Городские конкурсы</title>
</head>
<body>
<main>
<h1>Страница не успела открыться</h1>
<p>Сайт сейчас занят и не успел подготовить страницу. Обновите её через минуту.</p>
<p><a href="${again}">Обновить страницу</a> · <a href="/">На главную</a></p>
</main>
</body>
</html>
`
  const headers = new Headers({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '30' })
  for (const cookie of loaderHeaders.getSetCookie()) headers.append('Set-Cookie', cookie)
  return new Response(html, { status: SLOW_PAGE_STATUS, headers })
}
