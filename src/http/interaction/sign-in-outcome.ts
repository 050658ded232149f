import type { SignInProof } from '../../provider/provider-interactions';
import { accountIds, ACR, AMR } from '../../provider/provider.settings';
import type { LoginChoice, SessionPerson } from '../../services/journeys.types';
import type { DiarySignIn } from '../../provider/diary-sign-ins';

/** The person proved who they are through ESIA: `amr` esia, `acr` their ESIA account level. */
export function esiaProof(person: SessionPerson, remember: boolean): SignInProof {
  return { accountId: accountIds.esia(person.oid), acr: ACR.esia[person.level], amr: [AMR.esia], remember };
}

/** The person typed the diary password at the gateway: never remembered, `amr` pwd. */
export function passwordProof(instanceId: string, userId: string): SignInProof {
  return {
    accountId: accountIds.password(instanceId, userId),
    acr: ACR.password,
    amr: [AMR.password],
    remember: false,
  };
}

/** The diary account, organization and role the diary will receive. */
export function signInOf(instanceId: string, choice: LoginChoice, esiaOid: string | null): DiarySignIn {
  return {
    instanceId,
    userId: choice.userId,
    organizationId: choice.organizationId,
    role: choice.role,
    esiaOid,
  };
}
