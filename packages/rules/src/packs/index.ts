import type { PackInput } from '../pack-schema.ts';
import { caOn } from './ca-on.ts';
import { usAz } from './us-az.ts';
import { usCa } from './us-ca.ts';
import { usCo } from './us-co.ts';
import { usIl } from './us-il.ts';
import { usMa } from './us-ma.ts';
import { usMd } from './us-md.ts';
import { usMi } from './us-mi.ts';
import { usMo } from './us-mo.ts';
import { usNj } from './us-nj.ts';
import { usNv } from './us-nv.ts';
import { usNy } from './us-ny.ts';
import { usOh } from './us-oh.ts';
import { usOr } from './us-or.ts';
import { usWa } from './us-wa.ts';

/** Every jurisdiction pack shipped with the engine. Adding a state = adding a file + a line here. */
export const BUILT_IN_PACKS: readonly PackInput[] = [
  usCa, usCo, usWa, usOr, usMi, usIl, usMa, usNv, usAz, usNy, usNj, usMd, usMo, usOh, caOn,
];
