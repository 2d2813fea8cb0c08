import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string
    /** performance.now() when the request reached the app, before its loaders ran (server.ts). */
    receivedAt?: number
    /** The client's address as Express sees it (behind a proxy, with TRUST_PROXY): per-IP limits of actions (votes). */
    ip?: string
  }
}
