/**
 * The action of a page reached by a one-time link that sets a password and signs in (a password
 * reset, claiming an account an operator made): the password checked, the link's own step taken,
 * a session started, the person sent to their cabinet with `message`.
 */
import { data } from '@remix-run/node'
import { startSession } from '~/utils/auth.server'
import { parseForm } from '~/utils/forms.server'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'
import { redirectWithToast } from '~/utils/toast.server'
import { NewPasswordSchema } from './validation'

export async function passwordByLinkAction(request: Request, setPassword: (password: string) => Promise<string>, message: string) {
  const { submission, hideFields } = parseForm(await request.formData(), NewPasswordSchema, ['password'])
  if (submission.status !== 'success') return data(submission.reply({ hideFields }), { status: 400 })
  let userId: string
  try {
    userId = await setPassword(submission.value.password)
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error), { hideFields, field: null })
    return data(result, { status })
  }
  return redirectWithToast('/cabinet', { message }, { headers: { 'Set-Cookie': await startSession(userId, request) } })
}
