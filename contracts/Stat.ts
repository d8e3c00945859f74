import { z } from 'zod';

/** One number seen once per baseline pass; `noise` is the spread between passes (max − min). */
export const Stat = z.object({
  values: z.array(z.number()),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  noise: z.number().nonnegative(),
});
export type Stat = z.infer<typeof Stat>;
