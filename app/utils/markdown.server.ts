import { marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

/** Organisers write rules in Markdown; what reaches the page is sanitised HTML with no scripts, styles or event handlers. */
export function renderMarkdown(source: string) {
  const html = marked.parse(source, { async: false, gfm: true, breaks: true })
  return sanitizeHtml(html, {
    allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'ul', 'ol', 'li', 'strong', 'em', 'a', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'code'],
    allowedAttributes: { a: ['href', 'title', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    transformTags: { h1: 'h2', a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
  })
}
