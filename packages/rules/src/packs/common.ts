// Units and category groups shared by the pack files. Plain constants: a pack stays data.
import type { PackInput } from '../pack-schema.ts';
import type { Category } from '../categories.ts';

/** Avoirdupois ounce in mg, where a rule states ounces (see regulations.md "Units"). */
export const OZ_MG = 28349.5;
/**
 * US fluid ounce of a liquid product counted as mg at 1 g/ml: lines carry net weight, not volume,
 * so liquid allowances (WA, OR, MI) are applied to the declared net weight.
 */
export const FL_OZ_MG = 29573.5;

export const oz = (n: number): number => Math.round(n * OZ_MG * 100) / 100;
export const flOz = (n: number): number => Math.round(n * FL_OZ_MG);

export const ALL: Category[] = [
  'flower', 'pre_roll', 'infused_pre_roll', 'vape', 'concentrate', 'edible', 'beverage',
  'tincture', 'capsule', 'topical', 'seed', 'plant', 'accessory',
];
export const CANNABIS: Category[] = ALL.filter((c) => c !== 'accessory');

/**
 * A medical program of registered patients (a state or county registry card or ID): a
 * practitioner's recommendation alone (medicalCard.kind "recommendation") is no medical card
 * there. California's program takes the recommendation; Massachusetts takes other
 * jurisdictions' certifications.
 */
export const REGISTERED_PATIENTS: Array<'registry_card' | 'recommendation'> = ['registry_card'];
/** Dried flower sold by weight. */
export const FLOWER: Category[] = ['flower', 'pre_roll'];
export const CONCENTRATES: Category[] = ['concentrate', 'vape'];
/** Manufactured products usually counted by THC content. */
export const INFUSED: Category[] = ['edible', 'beverage', 'tincture', 'capsule', 'topical'];
export const INGESTIBLE: Category[] = ['edible', 'beverage', 'tincture', 'capsule'];

/** Authoring type for one component of a limit (lets packs share component lists). */
export type LimitComponentInput = PackInput['limits'][number]['components'][number];
