import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/react'
import { safeRedirect } from '~/modules/accounts/validation'
import { endSession } from '~/utils/auth.server'

export function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const redirectTo = (await request.formData()).get('redirectTo')
  const cookie = await endSession(request)
  // An invitation opened in the wrong account sends its holder on to log in with the invited address.
  return redirect(safeRedirect(typeof redirectTo === 'string' ? redirectTo : null, '/'), { headers: { 'Set-Cookie': cookie } })
}
