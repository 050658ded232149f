import express from 'express';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { Server } from 'node:http';
import { startDnevnikEmulator, type DnevnikEmulator } from '../../emulators/dnevnik/dnevnik-emulator.server';
import { DnevnikTestBrowser } from '../../emulators/dnevnik/testing/dnevnik-browser';

/*
 * A diary whose password form asks the gateway's decision (issue 18 item 3), when the gateway cannot answer: the
 * diary must neither let the person in (the region's rule is unknown, and after the cutover the answer would be
 * "no") nor show a technical error. It says what happened and offers ESIA. The gateways here are stand-ins on
 * purpose: a closed port, and an express app answering 500 or 401, the three ways a real gateway fails a diary.
 */

const visible = (page: { text: string }) =>
  page.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.])/g, '$1');

const closedPort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });

function failingGateway(status: number): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  const app = express();
  app.use((req, res) => {
    calls.push(`${req.method} ${req.path}`);
    res.status(status).json({ error: status === 401 ? 'unauthorized' : 'internal' });
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls }),
    );
  });
}

const diaryAsking = (gatewayUrl: string) =>
  startDnevnikEmulator({
    port: 0,
    gateway: {
      url: gatewayUrl,
      instanceId: 'dnevnik-86',
      oidc: { clientSecret: 'not-used-by-the-password-form' },
      vendorKey: { keyId: 'vk_dnevnik_86_test', secret: 'test-secret-of-the-stand-in' },
    },
  });

async function expectRefusedWithExplanation(diary: DnevnikEmulator) {
  const browser = new DnevnikTestBrowser();
  const page = await browser.signIn(diary.url, 'ivanov.maksim', 'Dnevnik-Maksim1');
  expect(page.status).toBe(503);
  expect(visible(page)).toContain(
    'Не удалось проверить, открыт ли для вас вход по паролю: сервис входа через Госуслуги не отвечает.',
  );
  expect(visible(page)).toContain('Попробуйте позже или войдите через Госуслуги.');
  expect(page.text).not.toMatch(/Error|at .*\.ts:\d+/);
  // «Войти через Госуслуги» stays on the page: the way in that does not need the decision.
  expect(page.text).toMatch(/<a class="button esia" href="[^"]+">Войти через Госуслуги<\/a>/);
  // Not signed in: the diary's own page still sends the browser to «Вход».
  const home = await browser.get(`${diary.url}/`);
  expect(home.text).not.toContain('<h1>Дневник</h1>');
}

describe('Дневник.ру’s password form when the gateway does not answer the decision', () => {
  it('a gateway that is down (connection refused): not let in, told why, offered ESIA', async () => {
    const diary = await diaryAsking(`http://127.0.0.1:${await closedPort()}`);
    try {
      await expectRefusedWithExplanation(diary);
    } finally {
      await diary.close();
    }
  });

  it.each([500, 401])('a gateway answering %i: not let in, told why', async (status) => {
    const gateway = await failingGateway(status);
    const diary = await diaryAsking(gateway.url);
    try {
      await expectRefusedWithExplanation(diary);
      expect(gateway.calls).toContain('POST /api/vendor/v1/password-login/decision');
    } finally {
      await diary.close();
      gateway.server.close();
    }
  });
});
