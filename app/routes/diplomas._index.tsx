import { parseWithZod } from '@conform-to/zod/v4'
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { data, useLoaderData } from '@remix-run/react'
import { DiplomaCheck } from '~/components/documents/diploma-check'
import { verifyDiploma } from '~/modules/documents/diplomas.server'
import { DiplomaCheckSchema } from '~/modules/documents/validation'
import { diplomaPath } from '~/modules/results/ranking'
import { asRefusal } from '~/utils/refusal'
import { refusalReply } from '~/utils/refusal.server'

export const meta: MetaFunction = () => [{ title: 'Проверка диплома — Городские конкурсы' }]

/** A plain GET form: the number typed from a paper diploma leads to its verification page, or back here with why not. */
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams
  if (!query.has('number')) return null
  const submission = parseWithZod(query, { schema: DiplomaCheckSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  let number: string
  try {
    number = (await verifyDiploma(submission.value.number)).number
  } catch (error) {
    const { status, result } = refusalReply(submission, asRefusal(error))
    return data(result, { status })
  }
  return redirect(diplomaPath(number))
}

export default function CheckDiplomaPage() {
  return <DiplomaCheck lastResult={useLoaderData<typeof loader>()} />
}
