import { createContext, useContext } from 'react'

/** The per-request Content-Security-Policy nonce, given by the server to every inline script Remix renders. */
export const NonceContext = createContext<string | undefined>(undefined)
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
