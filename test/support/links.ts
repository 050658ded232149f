import type { LinksRepository } from '../../src/store/links.repository';

/**
 * Links a diary account as a person's settings-page link would, through the real repository; a conflict (the
 * account or the person already linked there) fails the test that asked, with its reason.
 */
export async function linkAccount(
  links: LinksRepository,
  account: { instanceId: string; userId: string; oid: string; actor?: string },
) {
  const created = await links.create({
    issuer: 'http://esia.gosuslugi.ru/',
    oid: account.oid,
    instanceId: account.instanceId,
    userId: account.userId,
    method: 'settings-page',
    actor: account.actor ?? 'test',
    at: new Date(),
    notify: false,
  });
  if (!created.ok) throw new Error(`link refused: ${created.conflict}`);
  return created.link;
}
