// The customers module's door: profiles, ID verifications, medical patients and caregivers,
// merging two records of one person, the AAMVA barcode parser and the keys for customer data at rest.
export {
  activeCaregiverBirthDateSql,
  assertCustomer,
  caregiverRefusal,
  correctBirthDateFromRefusedId,
  customerAnonymized,
  createCustomer,
  customerLimitsLockKey,
  customerMerged,
  dateText,
  getCustomer,
  keptCustomerId,
  linkCaregiver,
  listIdVerifications,
  recordIdVerification,
  revealMedicalCard,
  revokeCaregiver,
  rulesCustomerFor,
  rulesCustomerSql,
  rulesCustomerFromSql,
  promotionGroupsSql,
  promotionGroupsFromSql,
  searchCustomers,
  setMedicalPatient,
  stateLicenseNumbers,
  updateCustomer,
  type CaregiverLinkView,
  type CardKind,
  type CustomerInput,
  type CustomerKind,
  type CustomerSearch,
  type CustomerSearchResult,
  type CustomerSummary,
  type CustomerView,
  type DocumentType,
  type IdVerificationInput,
  type IdVerificationView,
  type MedicalInput,
  type MedicalView,
  type RulesCustomer,
  type AllowancesFor,
  type PreVerifiedFor,
  type LimitAllowance,
} from './customers.service';
export { anonymizeCustomer, type AnonymizeResult } from './customer-erasure';
export { CUSTOMER_REFERENCES, mergeCustomers, type MergeInput, type MergeMoved, type MergeResult } from './customer-merge';
export { hashIdNumber, maskIdNumber, parseAamva, type AamvaLicense, type AamvaParseResult } from './aamva';
export { customerSecrets, secretDigest, type CustomerSecrets } from './customer-secrets';
export { ID_PRIVACY_RULES, idPrivacyRuleFor, retainedIdNumber, type IdPrivacyRule } from './id-privacy';
export { seedDemoCustomers } from './demo-customers';
export {
  actorFromShopperSession,
  openShopperSession,
  signInShopper,
  signOutShopper,
  signUpShopper,
  SHOPPER_COOKIE,
  SHOPPER_PERMISSION,
  type ShopperPolicy,
  type ShopperSignUp,
} from './shopper-accounts';
export { issuePasswordResetToken, requestPasswordReset, resetShopperPassword, PASSWORD_RESET_REQUESTED, RESET_TTL_MINUTES } from './shopper-password-reset';
export {
  assertShopperEmailVerified,
  EMAIL_VERIFICATION_REQUESTED,
  issueEmailVerificationToken,
  requestEmailVerification,
  shopperEmailState,
  VERIFICATION_TTL_HOURS,
  verifyShopperEmail,
  type ShopperEmailState,
} from './shopper-email-verification';
export { customerSummary, idIssuer, phoneNumber, CUSTOMER_GROUP_CODE, DERIVED_CUSTOMER_GROUPS } from './customers.schemas';
export { customerRoutes } from './customers.routes';
