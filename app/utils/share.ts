import type { MetaDescriptor } from '@remix-run/node'

/**
 * The tags a link shared in VK, Telegram or WhatsApp is shown by (Open Graph, which they all read, and
 * Twitter's card): the title, a line under it, the page's address and its picture. Addresses are absolute,
 * from `publicBaseUrl`; the picture is one a guest may fetch.
 */
export function shareMeta(page: { title: string; description: string; url: string; image: string | null }): MetaDescriptor[] {
  return [
    { property: 'og:type', content: 'article' },
    { property: 'og:site_name', content: 'Городские конкурсы' },
    { property: 'og:locale', content: 'ru_RU' },
    { property: 'og:title', content: page.title },
    { property: 'og:description', content: page.description },
    { property: 'og:url', content: page.url },
    ...(page.image ? [{ property: 'og:image', content: page.image }] : []),
    { name: 'twitter:card', content: page.image ? 'summary_large_image' : 'summary' },
    { name: 'twitter:title', content: page.title },
    { name: 'twitter:description', content: page.description },
    ...(page.image ? [{ name: 'twitter:image', content: page.image }] : []),
  ]
}
