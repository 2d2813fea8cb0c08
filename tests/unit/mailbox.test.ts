/**
 * The tests' SMTP server (startMailbox) outlives a sender that dies in the middle of a letter: a test's
 * server stopped while it delivers in the background once ended a whole CI run with an uncaught
 * `read ECONNRESET` from smtp-server.
 */
import net from 'node:net'
import nodemailer from 'nodemailer'
import { expect, it } from 'vitest'
import { startMailbox } from '../factories-organiser'

it('survives a connection reset in the middle of a letter, and receives the next one', async () => {
  const mailbox = await startMailbox()
  try {
    const port = Number(/:(\d+)\//.exec(mailbox.url)![1])
    const socket = net.connect(port, '127.0.0.1')
    let said = ''
    socket.on('data', (d) => (said += d))
    const reply = (code: RegExp) => expect.poll(() => code.test(said)).toBe(true)
    await reply(/^220 /m)
    socket.write('EHLO sender\r\n')
    await reply(/^250 /m)
    said = ''
    socket.write('MAIL FROM:<konkurs@example.ru>\r\n')
    await reply(/^250 /m)
    socket.resetAndDestroy()
    await new Promise((resolve) => socket.once('close', resolve))

    await nodemailer.createTransport(mailbox.url).sendMail({ from: 'konkurs@example.ru', to: 'juror@example.ru', subject: 'Приглашение', text: 'Здравствуйте' })
    expect((await mailbox.receive('juror@example.ru')).subject).toBe('Приглашение')
  } finally {
    await mailbox.stop()
  }
})
