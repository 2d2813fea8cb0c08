import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/react'
import { endSession } from '~/utils/auth.server'

export function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request)
  return redirect('/', { headers: { 'Set-Cookie': cookie } })
}
