import type { PhotoView } from '../photos/view'

export const GALLERY_PAGE_SIZE = 48

/** An accepted entry as the gallery's grid shows it. */
export type GalleryItem = { number: string; title: string; nomination: string | null; /** The committee or organisation that is the entrant, once public (contests/entrant.ts). */ entrant: string | null; authors: string[] | null; cover: PhotoView | null }
