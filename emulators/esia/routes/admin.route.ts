import express, { Router, type Request, type Response } from 'express';
import { FaultPatch, type EsiaFaults } from '../esia-faults';

/** `/__emulator/faults`: GET reads the switches, PUT/PATCH/POST changes some (JSON), DELETE turns all off. */
export function adminRoute(faults: EsiaFaults): Router {
  const router = Router();
  router.use('/__emulator', express.json());
  router.get('/__emulator/faults', (_req: Request, res: Response) => {
    res.json(faults.current);
  });
  const change = (req: Request, res: Response) => {
    const patch = FaultPatch.safeParse(req.body ?? {});
    if (!patch.success)
      return res.status(400).json({
        error: 'invalid fault patch',
        issues: patch.error.issues.map((i) => i.path.join('.') || i.message),
      });
    res.json(faults.set(patch.data));
  };
  router.put('/__emulator/faults', change);
  router.patch('/__emulator/faults', change);
  router.post('/__emulator/faults', change);
  router.delete('/__emulator/faults', (_req: Request, res: Response) => {
    res.json(faults.reset());
  });
  return router;
}
