import '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string
    /** performance.now() when the request reached the app, before its loaders ran (server.ts). */
    receivedAt?: number
  }
}
