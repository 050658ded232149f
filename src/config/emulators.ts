import { bool, entry, type CheckContext, type Values } from './schema';

/** The demo: the ESIA and diary emulators started inside the gateway's process. */
export const emulatorsEntries = {
  emulators: entry({
    env: 'EMULATORS',
    description: 'Start the ESIA and diary emulators in this process (the demo); refused in production',
    defaultText: 'true unless NODE_ENV=production',
    schema: bool.optional(),
  }),
} as const;

/** Whether the emulators start: as EMULATORS says, else everywhere but in production. */
export const emulatorsOn = (p: Values<typeof emulatorsEntries>, production: boolean): boolean =>
  p.emulators ?? !production;

/** Production refuses the emulators even when EMULATORS asks for them. */
export const emulatorsProblems = (p: Values<typeof emulatorsEntries>, { production }: CheckContext) =>
  production && emulatorsOn(p, production) ? ['EMULATORS: invalid: production refuses the emulators'] : [];
