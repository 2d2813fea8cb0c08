/**
 * What every letter has, whoever writes it: its kind, the footer that says why it was sent (the site
 * sends no newsletters, so there is nothing to unsubscribe from), and its HTML part, made from the
 * plain text so the two always say the same. Pure: unit-tested in letter.test.ts.
 */

/** Why a letter of each kind was sent, as its footer says. Every kind the outbox takes is here. */
export const MAIL_KINDS = {
  'entry.received': 'Вы получили это письмо, потому что подали заявку на конкурс на сайте «Городские конкурсы» (или её подал за вас оператор).',
  'entry.accepted': 'Вы получили это письмо, потому что подали заявку на конкурс на сайте «Городские конкурсы».',
  'entry.rejected': 'Вы получили это письмо, потому что подали заявку на конкурс на сайте «Городские конкурсы».',
  results_published: 'Вы получили это письмо, потому что участвуете в конкурсе на сайте «Городские конкурсы».',
  results_withdrawn: 'Вы получили это письмо, потому что участвуете в конкурсе на сайте «Городские конкурсы».',
  jury_invitation: 'Вы получили это письмо, потому что организатор конкурса пригласил вас в жюри на сайте «Городские конкурсы».',
  'jury.extra_assign': 'Вы получили это письмо, потому что входите в жюри конкурса на сайте «Городские конкурсы».',
  password_reset: 'Вы получили это письмо, потому что на сайте «Городские конкурсы» попросили восстановить пароль учётной записи с этим адресом.',
  email_confirmation: 'Вы получили это письмо, потому что этот адрес указали на сайте «Городские конкурсы».',
  email_changed: 'Вы получили это письмо, потому что адрес вашей учётной записи на сайте «Городские конкурсы» изменился.',
  account_claim: 'Вы получили это письмо, потому что оператор центра по работе с населением принял вашу бумажную заявку на конкурс и указал этот адрес.',
} as const satisfies Record<string, string>

export type MailKind = keyof typeof MAIL_KINDS

/** The first line of every letter: by name where the name is known. */
export const greeting = (fullName?: string | null) => (fullName ? `Здравствуйте, ${fullName}!` : 'Здравствуйте!')

const SIGNATURE = 'Городские конкурсы, администрация города Кемерово'
/** The line that opens the footer; signatures written into older letters' texts end before it. */
const FOOTER_RULE = '—'

/** The letter's text with the footer: who sends it and why this person gets it. */
export function withFooter(text: string, kind: MailKind) {
  return `${text.trimEnd()}\n\n${FOOTER_RULE}\n${SIGNATURE}\n${MAIL_KINDS[kind]}\n`
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const URL_PATTERN = /https?:\/\/[^\s<>"«»]+[^\s<>"«».,;:!?)]/g

/** A line of text as HTML: escaped, its addresses made links. */
function lineHtml(line: string) {
  let out = ''
  let last = 0
  for (const m of line.matchAll(URL_PATTERN)) {
    out += escapeHtml(line.slice(last, m.index))
    const url = escapeHtml(m[0])
    out += `<a href="${url}">${url}</a>`
    last = m.index + m[0].length
  }
  return out + escapeHtml(line.slice(last))
}

/**
 * The HTML part of a letter, from its plain text: paragraphs where the text leaves a blank line, line
 * breaks kept, addresses as links, the footer in grey. Styles are inline, as mail programs need.
 */
export function letterHtml(text: string, subject: string) {
  const lines = text.replace(/\r\n/g, '\n').trimEnd().split('\n')
  const footerAt = lines.lastIndexOf(FOOTER_RULE)
  const body = footerAt === -1 ? lines : lines.slice(0, footerAt)
  const footer = footerAt === -1 ? [] : lines.slice(footerAt + 1)
  const paragraphs = body
    .join('\n')
    .split(/\n{2,}/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim())
    .map((p) => `<p style="margin:0 0 1em">${p.split('\n').map(lineHtml).join('<br>')}</p>`)
  const foot = footer.length ? `<p style="margin:2em 0 0;padding-top:1em;border-top:1px solid #ccc;color:#555;font-size:13px">${footer.map(lineHtml).join('<br>')}</p>` : ''
  return (
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24">${paragraphs.join('')}${foot}</body></html>`
  )
}
