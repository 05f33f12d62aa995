/**
 * POS shorthand → structured product facts.
 *
 * Registers carry names typed by budtenders under time pressure (`FLWR BD 3.5G HYB`,
 * `Pr-Roll-BHerbal-1g`). Purchase limits and tax need the category and the weight or THC content,
 * so we turn those names into structure, but we never trust a guess silently: every field carries
 * a confidence and anything below the review threshold goes to a human review queue.
 *
 * Pure: no I/O. The register name itself is kept untouched by the caller; this only derives facts.
 */

export type ProductCategory =
  | 'flower'
  | 'pre_roll'
  | 'infused_pre_roll'
  | 'vape'
  | 'concentrate'
  | 'edible'
  | 'beverage'
  | 'tincture'
  | 'capsule'
  | 'topical'
  | 'seed'
  | 'plant'
  | 'accessory';

export type StrainType = 'indica' | 'sativa' | 'hybrid' | 'cbd';

export interface ShorthandSize {
  /** Canonical label, e.g. `3.5g`, `2x0.5g`, `100mg 10pk`, `100mg 355ml`. */
  sizeLabel: string;
  /** Total cannabis weight in the sellable unit (weight-based categories). */
  netWeightMg?: number;
  /** Weight of one piece when the unit is a pack (pre-roll packs, twin carts). */
  unitWeightMg?: number;
  /** Total THC in the sellable unit (edibles, drinks, tinctures, capsules, topicals). */
  thcMg?: number;
  /** THC per piece/serving when it is stated or can be derived exactly. */
  unitThcMg?: number;
  cbdMg?: number;
  packCount?: number;
  volumeMl?: number;
}

export interface BrandEntry {
  name: string;
  aliases?: string[];
}

export interface ShorthandOptions {
  /** The store's own brand list; matched before the built-in defaults. */
  brands?: BrandEntry[];
  /** Below this overall confidence the result needs human review. Default 0.7. */
  reviewThreshold?: number;
  /** Set false to match only `brands` (e.g. a store that sells none of the defaults). */
  useDefaultBrands?: boolean;
}

export interface FieldConfidence {
  category: number;
  size: number;
  strainType: number;
  brand: number;
  name: number;
}

export type ReviewReason =
  | 'empty_input'
  | 'category_unknown'
  | 'category_inferred'
  | 'category_conflict'
  | 'size_missing'
  | 'size_ambiguous'
  | 'size_category_mismatch'
  | 'unparsed_size'
  | 'strain_type_conflict'
  | 'brand_fuzzy';

export interface ShorthandResult {
  registerName: string;
  category: ProductCategory | null;
  size: ShorthandSize | null;
  strainType: StrainType | null;
  brand: string | null;
  /** Product/strain name left after removing the recognised parts; known strain abbreviations expanded. */
  name: string;
  /** The same leftover exactly as typed (no expansion), for the review screen. */
  remainder: string;
  /** Recognised descriptors that are not the category itself: `live_resin`, `infused`, `distillate` … */
  qualifiers: string[];
  /** A cannabinoid ratio such as `1:1` or `20:1`, when present. */
  ratio: string | null;
  thcPercent: number | null;
  confidence: number;
  fieldConfidence: FieldConfidence;
  needsReview: boolean;
  reviewReasons: ReviewReason[];
}

const DEFAULT_REVIEW_THRESHOLD = 0.7;

// A few brands every US register sees. Deliberately short and free of common words ("Select",
// "Cookies", "Connected" are real brands but also strain/product words) so the defaults never
// steal part of a strain name; stores add their own list through `options.brands`.
export const DEFAULT_BRANDS: readonly BrandEntry[] = [
  { name: 'STIIIZY', aliases: ['STIIZY', 'STIZY', 'STZY'] },
  { name: 'Wyld' },
  { name: 'Kiva', aliases: ['Kiva Confections'] },
  { name: 'Camino' },
  { name: 'Raw Garden', aliases: ['RG', 'RawG'] },
  { name: 'Jeeter', aliases: ['JTR'] },
  { name: 'Cresco' },
  { name: 'Rythm' },
  { name: 'Alien Labs' },
  { name: 'Heavy Hitters', aliases: ['HH'] },
  { name: 'Kushy Punch' },
  { name: 'PAX', aliases: ['PAX Era'] },
  { name: 'Lowell Farms', aliases: ['Lowell', 'Lowell Smokes'] },
  { name: 'Dixie', aliases: ['Dixie Elixirs'] },
  { name: 'Incredibles' },
  { name: 'Wana' },
  { name: 'Breez' },
  { name: 'Papa & Barkley', aliases: ['P&B', 'Papa and Barkley'] },
  { name: 'Old Pal' },
  { name: 'Glass House', aliases: ['Glass House Farms', 'GHF'] },
  { name: 'Binske' },
  { name: 'Verano' },
  { name: 'Kanha' },
  { name: 'Keef', aliases: ['Keef Cola'] },
  { name: 'Petra' },
  { name: 'Dosist' },
];

// Strain abbreviations budtenders use so often that expanding them helps the review screen.
const STRAIN_ABBREVIATIONS: Record<string, string> = {
  bd: 'Blue Dream',
  gsc: 'Girl Scout Cookies',
  gdp: 'Granddaddy Purple',
  ogk: 'OG Kush',
  sd: 'Sour Diesel',
  gg4: 'Gorilla Glue #4',
  jh: 'Jack Herer',
  nl: 'Northern Lights',
  wc: 'Wedding Cake',
  lcg: 'Lemon Cherry Gelato',
  slh: 'Super Lemon Haze',
  ssh: 'Super Silver Haze',
};

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

type Claim =
  | 'size'
  | 'cannabinoid'
  | 'brand'
  | 'category'
  | 'strain'
  | 'modifier'
  | 'qualifier'
  | 'noise'
  | 'potency';

interface Token {
  text: string;
  /** Lower-case letters and digits only: what keyword tables are written in. */
  key: string;
  /** Lower-case, whitespace/hyphen free: what size patterns are matched against. */
  compact: string;
  start: number;
  end: number;
  claim: Claim | null;
}

// Size-like units are matched before the generic splitter so that `1/8`, `2 x 0.5g`, `3.5 G`
// and `1:1` survive as one token even though `/`, `-` and spaces are separators elsewhere.
const TOKEN_PATTERN = new RegExp(
  [
    String.raw`\d+\s*[x×]\s*\d*\.?\d+\s*(?:mg|grams?|gr|gm|g)\b`,
    String.raw`\d+\s*\/\s*\d+\s*(?:th\b|oz\b|ounces?\b)?`,
    String.raw`\d+(?:\.\d+)?\s*:\s*\d+(?:\.\d+)?`,
    String.raw`\d*\.?\d+\s*fl\.?\s*oz\b`,
    String.raw`\d*\.?\d+\s*-?\s*(?:mg|grams?|gr|gm|g|oz|ounces?|ml|pk|packs?|ct|count|pcs?|pieces?)\b`,
    String.raw`[^\s\-_|/\\,;()\[\]{}+*~"]+`,
  ].join('|'),
  'gi',
);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  for (const match of source.matchAll(TOKEN_PATTERN)) {
    const text = match[0];
    const lower = text.toLowerCase();
    const key = lower.replace(/[^a-z0-9]/g, '');
    const compact = lower.replace(/[\s\-]/g, '').replace(/×/g, 'x');
    if (key === '' && !/%/.test(text)) continue; // punctuation on its own carries nothing
    const start = match.index ?? 0;
    tokens.push({ text, key, compact, start, end: start + text.length, claim: null });
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------

type Cannabinoid = 'thc' | 'cbd' | 'cbn' | 'cbg';

type SizeFact =
  | { kind: 'weight'; mg: number; token: number }
  | { kind: 'mg'; mg: number; cannabinoid: Cannabinoid | null; token: number }
  | { kind: 'oz'; oz: number; mg: number; token: number }
  | { kind: 'floz'; floz: number; token: number }
  | { kind: 'ml'; ml: number; token: number }
  | { kind: 'pack'; count: number; token: number }
  | { kind: 'multi'; count: number; unitMg: number; unitIsGram: boolean; token: number }
  | { kind: 'bare'; grams: number; token: number };

// Trade convention, not metric truth: an eighth is sold as 3.5 g and an ounce as 28 g.
const OZ_TRADE_MG: Record<string, number> = { '0.125': 3500, '0.25': 7000, '0.5': 14000, '1': 28000 };

function ozToMg(oz: number): number {
  return OZ_TRADE_MG[String(oz)] ?? Math.round(oz * 28000);
}

const FL_OZ_ML = 29.5735;

const WORD_SIZES: Record<string, { oz?: number; grams?: number }> = {
  eighth: { oz: 0.125 },
  eigth: { oz: 0.125 },
  '8th': { oz: 0.125 },
  quarter: { oz: 0.25 },
  qtr: { oz: 0.25 },
  half: { oz: 0.5 },
  oz: { oz: 1 },
  ounce: { oz: 1 },
  zip: { oz: 1 },
  gram: { grams: 1 },
};

function num(text: string): number {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : NaN;
}

function parseSizeToken(token: Token, index: number): SizeFact | null {
  const c = token.compact;
  let m: RegExpMatchArray | null;
  if ((m = c.match(/^(\d+)x(\d*\.?\d+)(mg|grams?|gr|gm|g)$/))) {
    const count = num(m[1]);
    const value = num(m[2]);
    if (!(count > 0) || !(value > 0)) return null;
    const unitIsGram = m[3] !== 'mg';
    return { kind: 'multi', count, unitMg: Math.round(unitIsGram ? value * 1000 : value), unitIsGram, token: index };
  }
  if ((m = c.match(/^(\d+)\/(\d+)(th|oz|ounces?)?$/))) {
    const n = num(m[1]);
    const d = num(m[2]);
    if (![2, 4, 8, 16].includes(d) || !(n > 0) || n >= d) return null;
    const oz = n / d;
    return { kind: 'oz', oz, mg: ozToMg(oz), token: index };
  }
  if ((m = c.match(/^(\d*\.?\d+)fl\.?oz$/))) {
    const floz = num(m[1]);
    return floz > 0 ? { kind: 'floz', floz, token: index } : null;
  }
  if ((m = c.match(/^(\d*\.?\d+)mg(thc|cbd|cbn|cbg)?$/))) {
    const mg = num(m[1]);
    return mg > 0 ? { kind: 'mg', mg, cannabinoid: (m[2] as Cannabinoid | undefined) ?? null, token: index } : null;
  }
  if ((m = c.match(/^(\d*\.?\d+)(grams?|gr|gm|g)$/))) {
    const grams = num(m[1]);
    return grams > 0 ? { kind: 'weight', mg: Math.round(grams * 1000), token: index } : null;
  }
  if ((m = c.match(/^(\d*\.?\d+)(oz|ounces?)$/))) {
    const oz = num(m[1]);
    return oz > 0 ? { kind: 'oz', oz, mg: ozToMg(oz), token: index } : null;
  }
  if ((m = c.match(/^(\d*\.?\d+)ml$/))) {
    const ml = num(m[1]);
    return ml > 0 ? { kind: 'ml', ml, token: index } : null;
  }
  if ((m = c.match(/^(\d+)(pk|packs?|ct|count|pcs?|pieces?|x)$/)) || (m = c.match(/^(?:pk|pack|x)(\d+)$/))) {
    const count = num(m[1]);
    return count > 0 && count <= 1000 ? { kind: 'pack', count, token: index } : null;
  }
  if ((m = c.match(/^(\d*\.\d+)$/))) {
    const grams = num(m[1]);
    return grams > 0 && grams <= 28 ? { kind: 'bare', grams, token: index } : null;
  }
  const word = WORD_SIZES[token.key];
  if (word) {
    if (word.oz !== undefined) return { kind: 'oz', oz: word.oz, mg: ozToMg(word.oz), token: index };
    if (word.grams !== undefined) return { kind: 'weight', mg: word.grams * 1000, token: index };
  }
  return null;
}

function collectSizes(tokens: Token[]): SizeFact[] {
  const facts: SizeFact[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.claim) continue;
    const next = tokens[i + 1];
    // "half gram" / "half oz" are one size, not two.
    if (t.key === 'half' && next && !next.claim && ['gram', 'g', 'oz', 'ounce'].includes(next.key)) {
      const mg = next.key === 'gram' || next.key === 'g' ? 500 : 14000;
      facts.push(mg === 500 ? { kind: 'weight', mg, token: i } : { kind: 'oz', oz: 0.5, mg, token: i });
      t.claim = 'size';
      next.claim = 'size';
      i++;
      continue;
    }
    const fact = parseSizeToken(t, i);
    if (fact) {
      facts.push(fact);
      t.claim = 'size';
      continue;
    }
    const pct = t.text.match(/^(\d+(?:\.\d+)?)%$/);
    if (pct) t.claim = 'potency';
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Keywords: categories, materials, strain types, noise
// ---------------------------------------------------------------------------------------------

type Strength = 1 | 2 | 3; // weak, medium, strong

interface Keyword {
  words: string[];
  role: 'form' | 'material' | 'modifier' | 'strain' | 'noise' | 'qualifier';
  category?: ProductCategory;
  strain?: StrainType;
  strength: Strength;
  qualifier?: string;
  /** Descriptive words stay in the product name even when they decide the category. */
  keep?: boolean;
  /** "EDBL", "CONC": a more specific form word overrides it without counting as a conflict. */
  generic?: boolean;
}

const KEYWORDS: Keyword[] = [];

function add(list: string, base: Omit<Keyword, 'words'>): void {
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    // `phrase:qualifier` lets material words name the qualifier they record.
    const [phrase, qualifier] = entry.split(':');
    KEYWORDS.push({ ...base, words: phrase.split(' '), qualifier: qualifier ?? base.qualifier });
  }
}

// Flower
add('flwr,flw,flower,flowers,bud,buds,nug,nugs,smalls,popcorn,preground,pre ground,ground flower', {
  role: 'form', category: 'flower', strength: 3,
});
add('shake,trim', { role: 'form', category: 'flower', strength: 2 });
// Pre-rolls
add('pr,prs,preroll,prerolls,prerolled,pre roll,pre rolls,pr roll,pr rolls,pre rolled,prj,prjs,joint,blunt,dogwalker,spliff', {
  role: 'form', category: 'pre_roll', strength: 3,
});
add('pre', { role: 'form', category: 'pre_roll', strength: 2 });
add('ipr,iprs,hashhole,hash hole,infused pre roll,infused preroll,infused pr', {
  role: 'form', category: 'infused_pre_roll', strength: 3, qualifier: 'infused',
});
add('inf,infused,dipped,coated,moonrock,caviar', { role: 'modifier', strength: 3, qualifier: 'infused' });
// Vapes
add('cart,carts,crt,cartridge,cartridges,vape,vapes,vap,pod,pods,disp,dispo,disposable,disposables,aio,all in one,vape pen', {
  role: 'form', category: 'vape', strength: 3,
});
add('pen,pens,510', { role: 'form', category: 'vape', strength: 2 });
// Concentrates: "materials" describe what is inside (a live resin cart is still a vape), so
// they decide the category only when no form word is present.
add(
  'lr:live_resin,live resin:live_resin,liveresin:live_resin,live rosin:live_rosin,liverosin:live_rosin,' +
    'rosin:rosin,rsn:resin,resin:resin,cured resin:cured_resin,rso:rso,distillate:distillate,dist:distillate,' +
    'distilate:distillate,diamonds:diamonds,sauce:sauce,thca:thca,bho:bho,kief:kief',
  { role: 'material', category: 'concentrate', strength: 3 },
);
add('hash:hash,diamond:diamonds,co2:co2', { role: 'material', category: 'concentrate', strength: 2 });
add(
  'conc:concentrate,concentrate:concentrate,concentrates:concentrate,wax:wax,shtr:shatter,shatter:shatter,' +
    'bdr:budder,budder:budder,badder:badder,batter:badder,crumble:crumble,syringe:syringe,dab:dab,dabs:dab,' +
    'applicator:syringe,extract:extract,isolate:isolate,slab:slab,terp sauce:sauce',
  { role: 'material', category: 'concentrate', strength: 3 },
);
add('sugar:sugar', { role: 'material', category: 'concentrate', strength: 1 });
// Edibles
add('edbl,edible,edibles,ed', { role: 'form', category: 'edible', strength: 3, generic: true });
add('gumm,gummy,gummie,gummies,gumies,chew,chews,lozenge,lozenges,pastille,pastilles', {
  role: 'form', category: 'edible', strength: 3,
});
add('choc,chocolate,chocolates,brownie,brownies,caramel,caramels,taffy,lollipop,lollipops,marshmallow,bites,truffle,truffles', {
  role: 'form', category: 'edible', strength: 2, keep: true,
});
add('cookie,cookies,mint,mints,candy,candies,bar,honey,gum,jelly,jellies,tart,tarts,snack,baked', {
  role: 'form', category: 'edible', strength: 1, keep: true,
});
// Beverages
add('bev,bevs,beverage,beverages,drink,drinks,drink mix', { role: 'form', category: 'beverage', strength: 3 });
add('soda,sodas,seltzer,seltzers,tea,coffee,shot,shots,cola', { role: 'form', category: 'beverage', strength: 2, keep: true });
add('tonic,elixir,sparkling,lemonade,can,cans,syrup', { role: 'form', category: 'beverage', strength: 1, keep: true });
// Tinctures
add('tinc,tinct,tincture,tinctures', { role: 'form', category: 'tincture', strength: 3 });
add('drop,drops,dropper,sublingual,spray', { role: 'form', category: 'tincture', strength: 2 });
// Capsules
add('cap,caps,capsule,capsules,softgel,softgels,gelcap,gelcaps,tab,tabs,tablet,tablets,pill,pills', {
  role: 'form', category: 'capsule', strength: 3,
});
// Topicals
add('top,topical,topicals,balm,balms,salve,salves,lotion,lotions,patch,patches,transdermal,bath bomb', {
  role: 'form', category: 'topical', strength: 3,
});
add('rub,roll on,rollon,massage,lube,soak', { role: 'form', category: 'topical', strength: 2 });
add('cream,gel', { role: 'form', category: 'topical', strength: 1, keep: true });
// Seeds and plants
add('seed,seeds', { role: 'form', category: 'seed', strength: 3 });
add('feminized,fem,autoflower', { role: 'form', category: 'seed', strength: 2, keep: true });
add('clone,clones,seedling,seedlings,immature plant', { role: 'form', category: 'plant', strength: 3 });
add('plant,plants,teen', { role: 'form', category: 'plant', strength: 2 });
// Accessories: hardware words beat everything ("510 cart battery" is a battery).
add(
  'acc,accessory,accessories,battery,batteries,batt,paper,papers,rolling papers,grinder,grinders,lighter,lighters,torch,' +
    'pipe,pipes,bong,bongs,tray,trays,cone,cones,pre rolled cones,pre roll cones,charger,wrap,wraps,hemp wrap,hemp wraps,' +
    'filter,filters,tips,merch,shirt,tshirt,hat,hoodie,lanyard,sticker,stickers,ashtray,chillum,bubbler,dab rig,banger,rig',
  { role: 'form', category: 'accessory', strength: 3 },
);
add('rolling,glass', { role: 'form', category: 'accessory', strength: 2 });
// Strain types. Single letters (I/S/H) are handled apart: they are too short to trust alone.
add('indica,ind,indi,indica dominant,ind dom,indica dom', { role: 'strain', strain: 'indica', strength: 3 });
add('sativa,sat,sativa dominant,sat dom,sativa dom', { role: 'strain', strain: 'sativa', strength: 3 });
add('hybrid,hyb,hybr,hybrids,ih,sh,indica hybrid,sativa hybrid,ind hyb,sat hyb', {
  role: 'strain', strain: 'hybrid', strength: 3,
});
add('cbd,high cbd,hcbd', { role: 'strain', strain: 'cbd', strength: 3 });
// Qualifiers and noise that must not end up in the name.
add('top shelf:top_shelf,sugar free:sugar_free,fast acting:fast_acting,small batch:small_batch', {
  role: 'qualifier', strength: 3,
});
add('thc,thccbd,ea,each,net,wt,netwt,total,dom,dominant,w,x,pk,ct,mg,g,new', { role: 'noise', strength: 3 });

const KEYWORDS_BY_FIRST = new Map<string, Keyword[]>();
for (const k of KEYWORDS) {
  const list = KEYWORDS_BY_FIRST.get(k.words[0]) ?? [];
  list.push(k);
  KEYWORDS_BY_FIRST.set(k.words[0], list);
}
for (const list of KEYWORDS_BY_FIRST.values()) list.sort((a, b) => b.words.length - a.words.length);

function lookupFirst(key: string): Keyword[] | undefined {
  return KEYWORDS_BY_FIRST.get(key);
}

/** Plurals nobody listed ("elixirs", "truffles") fall back to the singular. */
function keywordKey(key: string): string {
  if (KEYWORDS_BY_FIRST.has(key)) return key;
  return key.length > 3 && key.endsWith('s') ? key.slice(0, -1) : key;
}

interface Signal {
  keyword: Keyword;
  tokens: number[];
}

function matchKeywords(tokens: Token[]): Signal[] {
  const signals: Signal[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.claim || !t.key) continue;
    const firstKey = keywordKey(t.key);
    const candidates = lookupFirst(firstKey);
    if (!candidates) continue;
    for (const k of candidates) {
      const span: number[] = [];
      let ok = true;
      for (let w = 0; w < k.words.length; w++) {
        const tok = tokens[i + w];
        const key = w === 0 ? firstKey : tok?.key;
        if (!tok || tok.claim || key !== k.words[w]) {
          ok = false;
          break;
        }
        span.push(i + w);
      }
      if (!ok) continue;
      signals.push({ keyword: k, tokens: span });
      for (const s of span) tokens[s].claim = claimFor(k);
      i += span.length - 1;
      break;
    }
  }
  return signals;
}

function claimFor(k: Keyword): Claim {
  switch (k.role) {
    case 'strain':
      return 'strain';
    case 'noise':
      return 'noise';
    case 'qualifier':
      return 'qualifier';
    case 'modifier':
      return 'modifier';
    default:
      return 'category';
  }
}

// ---------------------------------------------------------------------------------------------
// Brands
// ---------------------------------------------------------------------------------------------

interface BrandIndexEntry {
  name: string;
  nameKey: string;
  aliasKeys: string[];
  words: string[];
}

function alnum(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function buildBrandIndex(options: ShorthandOptions | undefined): BrandIndexEntry[] {
  const entries: BrandIndexEntry[] = [];
  const seen = new Set<string>();
  const supplied = Array.isArray(options?.brands) ? options.brands : [];
  const all = options?.useDefaultBrands === false ? supplied : [...supplied, ...DEFAULT_BRANDS];
  for (const brand of all) {
    if (!brand || typeof brand.name !== 'string') continue;
    const nameKey = alnum(brand.name);
    if (!nameKey || seen.has(nameKey)) continue;
    seen.add(nameKey);
    const aliasKeys = (Array.isArray(brand.aliases) ? brand.aliases : [])
      .filter((a): a is string => typeof a === 'string')
      .map(alnum)
      .filter((a) => a.length > 0);
    const words = brand.name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0);
    entries.push({ name: brand.name.trim(), nameKey, aliasKeys, words });
  }
  return entries;
}

function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

function isSubsequence(piece: string, word: string): boolean {
  let j = 0;
  for (let i = 0; i < word.length && j < piece.length; i++) if (word[i] === piece[j]) j++;
  return j === piece.length;
}

/**
 * True when `token` reads as an abbreviation of the brand's words: it splits into one piece per
 * word, each piece starting with that word's first letter and made of that word's letters in
 * order. "bherbal" → "b" + "herbal" for Bloom Herbal; "jtr" for Jeeter.
 */
function isAbbreviation(token: string, words: string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (pos: number, w: number): boolean => {
    if (w === words.length) return pos === token.length;
    const key = `${pos}:${w}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result = false;
    const word = words[w];
    if (pos < token.length && token[pos] === word[0]) {
      const remainingWords = words.length - w - 1;
      for (let end = pos + 1; end <= token.length - remainingWords && !result; end++) {
        if (isSubsequence(token.slice(pos, end), word)) result = go(end, w + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

function brandScore(windowKey: string, brand: BrandIndexEntry, exactOnly: boolean): number {
  if (windowKey === brand.nameKey) return 1;
  if (brand.aliasKeys.includes(windowKey)) return 0.97;
  if (exactOnly) return 0;
  let best = 0;
  // Typos: only on names long enough that one slip cannot turn them into another word.
  for (const key of [brand.nameKey, ...brand.aliasKeys]) {
    if (key.length < 5) continue;
    const limit = key.length >= 9 ? 2 : 1;
    const d = levenshtein(windowKey, key, limit);
    if (d <= limit) best = Math.max(best, d === 1 ? 0.85 : 0.8);
  }
  if (/^[a-z]+$/.test(windowKey) && windowKey.length >= 3 && windowKey.length < brand.nameKey.length) {
    const coverage = windowKey.length / brand.nameKey.length;
    const minCoverage = brand.words.length === 1 ? 0.4 : 0.3;
    if (coverage >= minCoverage && isAbbreviation(windowKey, brand.words)) {
      best = Math.max(best, Math.min(0.9, 0.6 + 0.35 * coverage));
    }
  }
  return best;
}

interface BrandMatch {
  brand: string;
  score: number;
  tokens: number[];
}

function matchBrand(tokens: Token[], index: BrandIndexEntry[], exactOnly: boolean): BrandMatch | null {
  if (index.length === 0) return null;
  let best: BrandMatch | null = null;
  for (let i = 0; i < tokens.length; i++) {
    let windowKey = '';
    const span: number[] = [];
    for (let j = i; j < tokens.length && j < i + 4; j++) {
      const t = tokens[j];
      if (t.claim) break;
      windowKey += t.key;
      span.push(j);
      if (!t.key) continue;
      if (windowKey.length < 2 || windowKey.length > 40 || /^\d+$/.test(windowKey)) continue;
      for (const brand of index) {
        const score = brandScore(windowKey, brand, exactOnly);
        if (score < 0.7) continue;
        // A longer exact alias ("PAX Era") beats its shorter prefix ("PAX"): it explains more words.
        const rank = (m: { score: number; tokens: number[] }) => m.score + 0.05 * (m.tokens.length - 1);
        const better = !best || rank({ score, tokens: span }) > rank(best);
        if (better) best = { brand: brand.name, score, tokens: [...span] };
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Category decision
// ---------------------------------------------------------------------------------------------

// When two equally strong form words disagree, the more specific product wins the tie.
const FORM_PRIORITY: ProductCategory[] = [
  'accessory',
  'seed',
  'plant',
  'capsule',
  'tincture',
  'beverage',
  'topical',
  'vape',
  'infused_pre_roll',
  'pre_roll',
  'edible',
  'concentrate',
  'flower',
];

const WEIGHT_BASED = new Set<ProductCategory>(['flower', 'pre_roll', 'infused_pre_roll', 'vape', 'concentrate']);
const POTENCY_BASED = new Set<ProductCategory>(['edible', 'beverage', 'tincture', 'capsule', 'topical']);
const NO_SIZE_NEEDED = new Set<ProductCategory>(['accessory', 'seed', 'plant']);

// A pack whose single stated weight is at most this is read as "per piece" (five 0.5 g joints);
// above it the weight is the pack total (a 3.5 g pack of seven).
const MAX_UNIT_WEIGHT_MG: Partial<Record<ProductCategory, number>> = {
  pre_roll: 2000,
  infused_pre_roll: 2000,
  vape: 2000,
  concentrate: 2000,
};

interface CategoryDecision {
  category: ProductCategory | null;
  confidence: number;
  reasons: ReviewReason[];
  usedSignals: Set<Signal>;
}

function priorityOf(c: ProductCategory): number {
  return FORM_PRIORITY.indexOf(c);
}

function decideCategory(signals: Signal[], sizes: SizeFact[]): CategoryDecision {
  const used = new Set<Signal>();
  const reasons: ReviewReason[] = [];
  const forms = signals.filter((s) => s.keyword.role === 'form' && s.keyword.category);
  const materials = signals.filter((s) => s.keyword.role === 'material');
  // Only unmistakable concentrate words infuse a pre-roll: "Black Diamond" and "Hash Plant" are strains.
  const infusers = signals.filter(
    (s) => s.keyword.role === 'modifier' || (s.keyword.role === 'material' && s.keyword.strength === 3),
  );

  const strongForms = forms.filter((s) => s.keyword.strength >= 2);
  const strongMaterials = materials.filter((s) => s.keyword.strength === 3);

  if (strongForms.length > 0) {
    // Hardware words decide: a "510 cart battery" is a battery. But a bundle that also states a
    // cannabis amount ("CART 1G W/ BATTERY") holds cannabis that counts against a limit, so it is
    // filed under the cannabis form and sent to review rather than sold as an accessory.
    const accessory = strongForms.find((s) => s.keyword.category === 'accessory' && s.keyword.strength === 3);
    if (accessory) {
      const cannabisForm = strongForms.find((s) => s.keyword.category !== 'accessory' && s.keyword.strength === 3);
      const statesCannabisAmount = sizes.some((f) => f.kind === 'weight' || f.kind === 'mg' || f.kind === 'multi' || f.kind === 'oz');
      if (!cannabisForm || !statesCannabisAmount) {
        used.add(accessory);
        return { category: 'accessory', confidence: 0.95, reasons, usedSignals: used };
      }
      used.add(cannabisForm);
      reasons.push('category_conflict');
      return { category: cannabisForm.keyword.category as ProductCategory, confidence: 0.5, reasons, usedSignals: used };
    }
    const topStrength = Math.max(...strongForms.map((s) => s.keyword.strength));
    const top = strongForms.filter((s) => s.keyword.strength === topStrength);
    const specific = top.filter((s) => !s.keyword.generic);
    const pool = specific.length > 0 ? specific : top;
    let categories = [...new Set(pool.map((s) => s.keyword.category as ProductCategory))];
    // Flower next to a more specific form is the source material ("flower pre-roll").
    if (categories.length > 1) categories = categories.filter((c) => c !== 'flower');
    categories.sort((a, b) => priorityOf(a) - priorityOf(b));
    let category = categories[0];
    for (const s of forms) if (s.keyword.category === category) used.add(s);
    for (const s of pool) used.add(s);
    let confidence = topStrength === 3 ? 0.95 : 0.8;
    if (categories.length > 1) {
      confidence = 0.5;
      reasons.push('category_conflict');
    }

    // "Flower rosin" / "flower hash": the flower is what the concentrate was made from.
    if (category === 'flower' && strongMaterials.length > 0) {
      category = 'concentrate';
      for (const s of strongMaterials) used.add(s);
    }
    // A pre-roll with a concentrate or an "infused" marker is an infused pre-roll.
    if (category === 'pre_roll' && infusers.length > 0) {
      category = 'infused_pre_roll';
      for (const s of infusers) used.add(s);
    }
    return { category, confidence, reasons, usedSignals: used };
  }

  if (materials.some((s) => s.keyword.strength >= 2)) {
    for (const s of materials) used.add(s);
    const strongest = Math.max(...materials.map((s) => s.keyword.strength));
    return { category: 'concentrate', confidence: strongest === 3 ? 0.9 : 0.75, reasons, usedSignals: used };
  }

  const inferred = inferFromSize(sizes);
  const weak = [...forms, ...materials].filter((s) => s.keyword.strength === 1);
  if (weak.length > 0) {
    const categories = [...new Set(weak.map((s) => s.keyword.category as ProductCategory))].sort(
      (a, b) => priorityOf(a) - priorityOf(b),
    );
    const candidate = categories[0];
    const sizeAgrees =
      inferred === null ||
      (POTENCY_BASED.has(candidate) && !WEIGHT_BASED.has(inferred.category)) ||
      (WEIGHT_BASED.has(candidate) && WEIGHT_BASED.has(inferred.category));
    if (sizeAgrees) {
      for (const s of weak) if (s.keyword.category === candidate) used.add(s);
      reasons.push('category_inferred');
      return { category: candidate, confidence: inferred ? 0.6 : 0.5, reasons, usedSignals: used };
    }
  }
  if (inferred) {
    reasons.push('category_inferred');
    return { category: inferred.category, confidence: inferred.confidence, reasons, usedSignals: used };
  }
  reasons.push('category_unknown');
  return { category: null, confidence: 0, reasons, usedSignals: used };
}

/** With no category word at all, the size unit is the only hint; never trusted above review level. */
function inferFromSize(sizes: SizeFact[]): { category: ProductCategory; confidence: number } | null {
  const grams = sizes.filter((s) => s.kind === 'weight' || s.kind === 'oz');
  const multi = sizes.find((s) => s.kind === 'multi');
  if (multi && multi.kind === 'multi') {
    return multi.unitIsGram ? { category: 'pre_roll', confidence: 0.5 } : { category: 'edible', confidence: 0.5 };
  }
  const mg = sizes.filter((s) => s.kind === 'mg');
  // "10MG 12OZ": milligrams of THC next to ounces reads as a drink, not 12 oz of flower.
  if (mg.length > 0 && grams.length > 0 && grams.every((s) => s.kind === 'oz')) {
    return { category: 'beverage', confidence: 0.5 };
  }
  if (grams.length > 0) {
    const maxMg = Math.max(...grams.map((s) => s.mg));
    // 3.5 g and up is almost always flower; 1 g could as well be a cart, a pre-roll or wax.
    return { category: 'flower', confidence: maxMg >= 3500 ? 0.65 : 0.45 };
  }
  if (mg.length > 0) return { category: 'edible', confidence: 0.5 };
  const volume = sizes.find((s) => s.kind === 'ml' || s.kind === 'floz');
  if (volume) {
    const ml = volume.kind === 'ml' ? volume.ml : volume.kind === 'floz' ? volume.floz * FL_OZ_ML : 0;
    return { category: ml >= 100 ? 'beverage' : 'tincture', confidence: 0.45 };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Size decision
// ---------------------------------------------------------------------------------------------

interface SizeDecision {
  size: ShorthandSize | null;
  confidence: number;
  reasons: ReviewReason[];
}

function formatGrams(mg: number): string {
  const g = mg / 1000;
  return `${Number.isInteger(g) ? g : Number(g.toFixed(3))}g`;
}

function formatNumber(n: number): string {
  return String(Number.isInteger(n) ? n : Number(n.toFixed(2)));
}

function decideSize(category: ProductCategory | null, facts: SizeFact[], tokens: Token[]): SizeDecision {
  const reasons: ReviewReason[] = [];
  const packs = facts.filter((f): f is Extract<SizeFact, { kind: 'pack' }> => f.kind === 'pack');
  const multi = facts.find((f): f is Extract<SizeFact, { kind: 'multi' }> => f.kind === 'multi');
  const mgFacts = facts.filter((f): f is Extract<SizeFact, { kind: 'mg' }> => f.kind === 'mg');
  const packCount = multi?.count ?? (packs.length > 0 ? Math.max(...packs.map((p) => p.count)) : undefined);

  if (category === null) return { size: null, confidence: facts.length > 0 ? 0.3 : 0, reasons };

  if (NO_SIZE_NEEDED.has(category)) {
    const hasWeight = facts.some((f) => f.kind === 'weight' || f.kind === 'oz');
    if (hasWeight && category !== 'accessory') reasons.push('size_category_mismatch');
    const size = packCount ? { sizeLabel: `${packCount}pk`, packCount } : null;
    return { size, confidence: reasons.length ? 0.5 : 1, reasons };
  }

  if (WEIGHT_BASED.has(category)) return decideWeight(category, facts, packCount, multi, mgFacts, tokens);
  return decidePotency(category, facts, packCount, multi, mgFacts);
}

function decideWeight(
  category: ProductCategory,
  facts: SizeFact[],
  packCount: number | undefined,
  multi: Extract<SizeFact, { kind: 'multi' }> | undefined,
  mgFacts: Extract<SizeFact, { kind: 'mg' }>[],
  tokens: Token[],
): SizeDecision {
  const reasons: ReviewReason[] = [];
  // In a weight category an unlabelled "500MG" is the fill weight of a cart, not THC.
  const labelledThc = mgFacts.filter((f) => f.cannabinoid === 'thc');
  const weights = [
    ...facts.flatMap((f) => (f.kind === 'weight' || f.kind === 'oz' ? [f.mg] : [])),
    ...mgFacts.filter((f) => f.cannabinoid === null).map((f) => Math.round(f.mg)),
  ];
  let confidence = 0.95;
  if (weights.length === 0) {
    const bare = facts.find((f): f is Extract<SizeFact, { kind: 'bare' }> => f.kind === 'bare');
    if (bare) {
      weights.push(Math.round(bare.grams * 1000));
      confidence = 0.6;
      reasons.push('size_ambiguous');
    }
  } else {
    // A bare decimal next to a real size is something we did not understand: hand it back.
    for (const f of facts) if (f.kind === 'bare') tokens[f.token].claim = null;
  }
  const thcMg = labelledThc.length > 0 ? Math.max(...labelledThc.map((f) => f.mg)) : undefined;

  let netWeightMg: number | undefined;
  let unitWeightMg: number | undefined;
  let count = packCount;
  if (multi) {
    unitWeightMg = multi.unitMg;
    netWeightMg = multi.count * multi.unitMg;
    count = multi.count;
    const other = weights.filter((w) => w !== netWeightMg && w !== unitWeightMg);
    if (other.length > 0) {
      confidence = Math.min(confidence, 0.6);
      reasons.push('size_ambiguous');
    }
  } else if (weights.length > 0) {
    const distinct = [...new Set(weights)].sort((a, b) => a - b);
    if (count && count > 1) {
      if (distinct.length >= 2 && distinct[0] * count === distinct[distinct.length - 1]) {
        unitWeightMg = distinct[0];
        netWeightMg = distinct[distinct.length - 1];
      } else {
        const w = distinct[distinct.length - 1];
        const maxUnit = MAX_UNIT_WEIGHT_MG[category];
        if (maxUnit !== undefined && w <= maxUnit) {
          unitWeightMg = w;
          netWeightMg = w * count;
        } else {
          netWeightMg = w;
          if (w % count === 0) unitWeightMg = w / count;
        }
        confidence = Math.min(confidence, 0.8);
        reasons.push('size_ambiguous');
      }
    } else {
      netWeightMg = distinct[distinct.length - 1];
      if (distinct.length > 1) {
        confidence = Math.min(confidence, 0.5);
        reasons.push('size_ambiguous');
      }
    }
  }

  if (netWeightMg === undefined) {
    reasons.push('size_missing');
    if (thcMg !== undefined) return { size: { sizeLabel: `${formatNumber(thcMg)}mg THC`, thcMg }, confidence: 0.4, reasons };
    return { size: count ? { sizeLabel: `${count}pk`, packCount: count } : null, confidence: 0.3, reasons };
  }

  // Sanity: retail weights above an ounce, or pre-rolls above 14 g, are typing mistakes.
  const limit = category === 'flower' ? 28000 * 4 : category === 'concentrate' ? 28000 : 14000;
  if (netWeightMg > limit || netWeightMg < 100) {
    confidence = Math.min(confidence, 0.4);
    reasons.push('size_category_mismatch');
  }

  const size: ShorthandSize = {
    sizeLabel: count && count > 1 && unitWeightMg !== undefined ? `${count}x${formatGrams(unitWeightMg)}` : formatGrams(netWeightMg),
    netWeightMg,
  };
  if (unitWeightMg !== undefined && count && count > 1) size.unitWeightMg = unitWeightMg;
  if (count && count > 1) size.packCount = count;
  if (thcMg !== undefined) size.thcMg = thcMg;
  return { size, confidence, reasons };
}

function decidePotency(
  category: ProductCategory,
  facts: SizeFact[],
  packCount: number | undefined,
  multi: Extract<SizeFact, { kind: 'multi' }> | undefined,
  mgFacts: Extract<SizeFact, { kind: 'mg' }>[],
): SizeDecision {
  const reasons: ReviewReason[] = [];
  let confidence = 0.95;
  let thcMg: number | undefined;
  let unitThcMg: number | undefined;
  let cbdMg: number | undefined;
  let count = packCount;

  const cbd = mgFacts.filter((f) => f.cannabinoid === 'cbd');
  if (cbd.length > 0) cbdMg = Math.max(...cbd.map((f) => f.mg));
  const thcLike = mgFacts.filter((f) => f.cannabinoid === null || f.cannabinoid === 'thc');

  if (multi && !multi.unitIsGram) {
    count = multi.count;
    unitThcMg = multi.unitMg;
    thcMg = multi.count * multi.unitMg;
  } else if (thcLike.length > 0) {
    const values = [...new Set(thcLike.map((f) => f.mg))].sort((a, b) => a - b);
    const max = values[values.length - 1];
    const min = values[0];
    thcMg = max;
    if (values.length >= 2 && count && min * count === max) {
      unitThcMg = min;
    } else if (values.length >= 2 && !count && max % min === 0) {
      unitThcMg = min;
      count = max / min;
    } else if (values.length === 1 && count && count > 1) {
      // "10MG 10PK" is ten 10 mg pieces far more often than ten 1 mg pieces; a small
      // per-piece dose times the count still fits under the usual 100 mg package cap.
      // The same holds when reading the amount as a total would leave under 1 mg a piece.
      if ((max <= 10 || max / count < 1) && max * count <= 1000 && max * count > max) {
        unitThcMg = max;
        thcMg = max * count;
        confidence = 0.75;
        reasons.push('size_ambiguous');
      } else if (Number.isInteger(max / count)) {
        unitThcMg = max / count;
      }
    } else if (values.length >= 2) {
      confidence = 0.6;
      reasons.push('size_ambiguous');
    }
  }

  let volumeMl: number | undefined;
  for (const f of facts) {
    if (f.kind === 'ml') volumeMl = Math.round(f.ml);
    if (f.kind === 'floz') volumeMl = Math.round(f.floz * FL_OZ_ML);
    // On a drink or a tincture an ounce is a fluid ounce.
    if (f.kind === 'oz' && (category === 'beverage' || category === 'tincture')) volumeMl = Math.round(f.oz * FL_OZ_ML);
  }

  const grams = facts.some((f) => f.kind === 'weight' || f.kind === 'oz' || (f.kind === 'multi' && f.unitIsGram));
  if (thcMg === undefined && cbdMg === undefined) {
    reasons.push(grams && category !== 'topical' ? 'size_category_mismatch' : 'size_missing');
    const label = [count && count > 1 ? `${count}pk` : null, volumeMl ? `${volumeMl}ml` : null].filter(Boolean).join(' ');
    const size: ShorthandSize | null = label ? { sizeLabel: label } : null;
    if (size && count && count > 1) size.packCount = count;
    if (size && volumeMl) size.volumeMl = volumeMl;
    return { size, confidence: 0.4, reasons };
  }

  // Beyond 1000 mg THC in one package is outside every adult-use cap we know: likely a typo.
  if (thcMg !== undefined && thcMg > 1000 && category !== 'tincture' && category !== 'topical') {
    confidence = Math.min(confidence, 0.5);
    reasons.push('size_category_mismatch');
  }

  const parts: string[] = [];
  if (thcMg !== undefined) parts.push(`${formatNumber(thcMg)}mg`);
  if (cbdMg !== undefined) parts.push(`${formatNumber(cbdMg)}mg CBD`);
  if (count && count > 1) parts.push(`${count}pk`);
  if (volumeMl) parts.push(`${volumeMl}ml`);
  const size: ShorthandSize = { sizeLabel: parts.join(' ') };
  if (thcMg !== undefined) size.thcMg = thcMg;
  if (unitThcMg !== undefined) size.unitThcMg = unitThcMg;
  if (cbdMg !== undefined) size.cbdMg = cbdMg;
  if (count && count > 1) size.packCount = count;
  if (volumeMl) size.volumeMl = volumeMl;
  return { size, confidence, reasons };
}

// ---------------------------------------------------------------------------------------------
// Strain type
// ---------------------------------------------------------------------------------------------

function decideStrain(
  signals: Signal[],
  tokens: Token[],
  source: string,
  cbdEvidence: boolean,
  cbdDominant: boolean,
  category: ProductCategory | null,
): { strainType: StrainType | null; confidence: number; reasons: ReviewReason[] } {
  const reasons: ReviewReason[] = [];
  const found: Array<{ type: StrainType; confidence: number }> = [];
  for (const s of signals) if (s.keyword.role === 'strain' && s.keyword.strain) found.push({ type: s.keyword.strain, confidence: 0.95 });

  // Single letters only count as a strain type when standing alone ("BD 3.5G H", "(I)").
  for (const t of tokens) {
    if (t.claim || !/^[ishISH]$/.test(t.text)) continue;
    const before = source[t.start - 1] ?? '';
    const after = source[t.end] ?? '';
    const bracketed = /[(\[]/.test(before) && /[)\]]/.test(after);
    const type: StrainType = t.key === 'i' ? 'indica' : t.key === 's' ? 'sativa' : 'hybrid';
    found.push({ type, confidence: bracketed ? 0.85 : 0.75 });
    t.claim = 'strain';
  }

  const explicit = found.filter((f) => f.type !== 'cbd');
  const types = new Set(explicit.map((f) => f.type));
  const hasCbd = cbdEvidence || found.some((f) => f.type === 'cbd');

  if (cbdDominant || (hasCbd && types.size === 0)) return { strainType: 'cbd', confidence: 0.9, reasons };
  if (types.size === 0) {
    const notApplicable = category === 'accessory' || category === 'seed' || category === 'plant';
    const usuallyAbsent = category !== null && POTENCY_BASED.has(category);
    return { strainType: null, confidence: notApplicable ? 1 : usuallyAbsent ? 0.85 : 0.6, reasons };
  }
  const best = Math.max(...explicit.map((f) => f.confidence));
  if (types.size === 1) {
    const [type] = types;
    return { strainType: type, confidence: hasCbd ? Math.min(best, 0.8) : best, reasons };
  }
  // "Indica hybrid", "I/S": mixed lineage is what hybrid means.
  if (types.has('hybrid')) return { strainType: 'hybrid', confidence: 0.8, reasons };
  reasons.push('strain_type_conflict');
  return { strainType: 'hybrid', confidence: 0.55, reasons };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function round2(n: number): number {
  return Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;
}

/**
 * Normalizes a POS register name into category, size, strain type, brand and name, each with a
 * confidence. Never throws; unusable input comes back with confidence 0 and `needsReview`.
 */
export function normalizeShorthand(registerName: string, options?: ShorthandOptions): ShorthandResult {
  const raw = typeof registerName === 'string' ? registerName : '';
  const thresholdOption = options?.reviewThreshold;
  const threshold =
    typeof thresholdOption === 'number' && Number.isFinite(thresholdOption)
      ? Math.min(1, Math.max(0, thresholdOption))
      : DEFAULT_REVIEW_THRESHOLD;

  // NFKC folds full-width digits and "½"-style fractions into plain ASCII forms we can match.
  const source = raw
    .normalize('NFKC')
    .replace(/\u2044/g, '/')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .slice(0, 500);
  const tokens = tokenize(source);

  const reasons = new Set<ReviewReason>();
  if (tokens.length === 0) {
    reasons.add('empty_input');
    reasons.add('category_unknown');
    return {
      registerName: raw,
      category: null,
      size: null,
      strainType: null,
      brand: null,
      name: '',
      remainder: '',
      qualifiers: [],
      ratio: null,
      thcPercent: null,
      confidence: 0,
      fieldConfidence: { category: 0, size: 0, strainType: 0, brand: 0, name: 0 },
      needsReview: true,
      reviewReasons: [...reasons],
    };
  }

  // 1. Ratios and potency percentages.
  let ratio: string | null = null;
  let thcPercent: number | null = null;
  for (const t of tokens) {
    const r = t.compact.match(/^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/);
    if (r && !ratio) {
      ratio = `${r[1]}:${r[2]}`;
      t.claim = 'potency';
    }
  }
  // 2. Sizes.
  const sizes = collectSizes(tokens);
  for (const t of tokens) {
    const pct = t.claim === 'potency' ? t.text.match(/^(\d+(?:\.\d+)?)%$/) : null;
    if (pct && thcPercent === null) {
      const value = Number.parseFloat(pct[1]);
      if (value >= 0 && value <= 100) thcPercent = value;
    }
  }
  // 3. "100MG THC", "CBD 1000MG": a cannabinoid word next to a milligram amount labels it.
  let cbdEvidence = ratio !== null;
  for (const fact of sizes) {
    if (fact.kind !== 'mg' || fact.cannabinoid) continue;
    for (const neighbour of [fact.token + 1, fact.token - 1]) {
      const t = tokens[neighbour];
      if (t && !t.claim && ['thc', 'cbd', 'cbn', 'cbg'].includes(t.key)) {
        fact.cannabinoid = t.key as Cannabinoid;
        t.claim = 'cannabinoid';
        break;
      }
    }
  }
  // "CBD TINC 1000MG": on a product that calls itself CBD and never mentions THC, the milligrams
  // are CBD. A ratio ("1:1 100MG") stays THC: over-counting an allotment is the safe mistake.
  const mentionsThc = tokens.some((t) => t.key === 'thc' || t.key === 'thccbd');
  const standaloneCbd = tokens.some((t) => !t.claim && t.key === 'cbd');
  let cbdInferred = false;
  if (standaloneCbd && !mentionsThc && ratio === null) {
    for (const fact of sizes) {
      if (fact.kind === 'mg' && fact.cannabinoid === null) {
        fact.cannabinoid = 'cbd';
        cbdInferred = true;
      }
    }
  }
  for (const fact of sizes) if (fact.kind === 'mg' && fact.cannabinoid === 'cbd') cbdEvidence = true;

  // 4. Brands typed exactly as listed win before keywords ("Dixie Elixirs" is a brand, not a drink).
  const brandIndex = buildBrandIndex(options);
  let brandMatch = matchBrand(tokens, brandIndex, true);
  if (brandMatch) for (const i of brandMatch.tokens) tokens[i].claim = 'brand';

  // 5. Category, material, strain and noise words.
  const signals = matchKeywords(tokens);
  // A brand named after its product ("Keef Cola", "Dixie Elixirs") still says what it sells.
  if (brandMatch) {
    for (const i of brandMatch.tokens) {
      for (const k of lookupFirst(keywordKey(tokens[i].key)) ?? []) {
        if (k.words.length === 1 && k.role === 'form') signals.push({ keyword: { ...k, keep: false }, tokens: [] });
      }
    }
  }

  // 6. Abbreviated or misspelt brands among what is left.
  if (!brandMatch) {
    brandMatch = matchBrand(tokens, brandIndex, false);
    if (brandMatch) for (const i of brandMatch.tokens) tokens[i].claim = 'brand';
  }

  // 7. Decisions.
  const categoryDecision = decideCategory(signals, sizes);
  const category = categoryDecision.category;
  for (const r of categoryDecision.reasons) reasons.add(r);
  const releasedSignals = new Set<Signal>();
  // Category words that did not decide anything go back into the name ("Kush Mints" flower),
  // and descriptive ones stay in it even when they did ("Milk Chocolate").
  // A losing form word of another category is most likely part of the strain name ("Hash Plant"
  // flower), while a losing strong material is a real descriptor ("LR" on a cart) and is kept as a
  // qualifier.
  for (const s of signals) {
    if (s.keyword.role !== 'form' && s.keyword.role !== 'material') continue;
    const decisive = categoryDecision.usedSignals.has(s);
    const losingForm = s.keyword.role === 'form' && s.keyword.category !== category;
    const release =
      s.keyword.keep || (!decisive && (s.keyword.strength < 3 || losingForm));
    if (release) {
      for (const i of s.tokens) tokens[i].claim = null;
      releasedSignals.add(s);
    }
  }

  const sizeDecision = decideSize(category, sizes, tokens);
  if (cbdInferred && sizeDecision.size?.cbdMg !== undefined && sizeDecision.size.thcMg === undefined) {
    sizeDecision.confidence = Math.min(sizeDecision.confidence, 0.8);
  }
  for (const r of sizeDecision.reasons) reasons.add(r);

  const thcTotal = sizeDecision.size?.thcMg ?? 0;
  const cbdDominant = (sizeDecision.size?.cbdMg ?? 0) > thcTotal;
  const strain = decideStrain(signals, tokens, source, cbdEvidence, cbdDominant, category);
  for (const r of strain.reasons) reasons.add(r);

  const qualifiers: string[] = [];
  for (const s of signals) {
    if (releasedSignals.has(s)) continue;
    const q = s.keyword.qualifier;
    const describes = s.keyword.role === 'material' || s.keyword.role === 'modifier' || s.keyword.role === 'qualifier';
    if (q && describes && !(s.keyword.role === 'material' && category === 'concentrate' && q === 'concentrate')) {
      if (!qualifiers.includes(q)) qualifiers.push(q);
    }
    if (s.keyword.category === 'infused_pre_roll' && !qualifiers.includes('infused')) qualifiers.push('infused');
  }

  // 8. Whatever nobody claimed is the product / strain name.
  const nameTokens = tokens.filter((t) => !t.claim);
  const remainder = nameTokens.map((t) => cleanWord(t.text)).filter(Boolean).join(' ');
  const name = nameTokens
    .map((t) => STRAIN_ABBREVIATIONS[t.key] ?? cleanWord(t.text))
    .filter(Boolean)
    .join(' ');

  let nameConfidence = 0.9;
  if (!name) {
    nameConfidence = category && (WEIGHT_BASED.has(category) || category === null) ? 0.6 : 0.8;
  }
  if (nameTokens.some((t) => /^\d*\.\d+$/.test(t.compact) || /^\d*\.?\d+[a-z]{1,3}$/.test(t.compact))) {
    nameConfidence = Math.min(nameConfidence, 0.6);
    reasons.add('unparsed_size');
  }

  const brandConfidence = brandMatch ? brandMatch.score : 0.7;
  if (brandMatch && brandMatch.score < 0.95) reasons.add('brand_fuzzy');

  const fieldConfidence: FieldConfidence = {
    category: round2(categoryDecision.confidence),
    size: round2(sizeDecision.confidence),
    strainType: round2(strain.confidence),
    brand: round2(brandConfidence),
    name: round2(nameConfidence),
  };
  // Category and size drive purchase limits and tax, so the result is only as good as the weaker
  // of the two, whatever the other fields say.
  const weighted =
    0.35 * fieldConfidence.category +
    0.3 * fieldConfidence.size +
    0.1 * fieldConfidence.strainType +
    0.1 * fieldConfidence.brand +
    0.15 * fieldConfidence.name;
  const confidence = round2(Math.min(weighted, fieldConfidence.category, fieldConfidence.size));

  return {
    registerName: raw,
    category,
    size: sizeDecision.size,
    strainType: strain.strainType,
    brand: brandMatch?.brand ?? null,
    name,
    remainder,
    qualifiers,
    ratio,
    thcPercent,
    confidence,
    fieldConfidence,
    needsReview: confidence < threshold,
    reviewReasons: [...reasons],
  };
}

function cleanWord(text: string): string {
  return text.replace(/^[.'&]+|[.']+$/g, '').trim();
}
