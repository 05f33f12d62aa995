import type { ColumnType, Generated } from 'kysely';

// Kysely's view of the customers module's tables (migration 0020_create_customers.sql).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are read as strings (see customers.repository.ts type parser note) and written as YYYY-MM-DD. */
type DateColumn = ColumnType<Date | string, string, string>;

export interface CustomerTable {
  id: string;
  organization_id: string;
  first_name: string;
  last_name: string;
  birth_date: DateColumn;
  email: string | null;
  phone: string | null;
  kind: Generated<string>;
  id_jurisdiction: string | null;
  consent_marketing: Generated<boolean>;
  consent_data_retention: Generated<boolean>;
  consent_updated_at: Date | string | null;
  id_number_masked: string | null;
  id_number_hash: string | null;
  id_verified_at: Date | string | null;
  id_expires_on: ColumnType<Date | string | null, string | null | undefined, string | null>;
  /** The record this one was merged into (migration 0080); null for a live record. */
  merged_into_id: ColumnType<string | null, string | null | undefined, string | null>;
  merged_at: ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
  /** Promotion groups staff gave the customer (migration 0084): sorted, unique codes; `medical` is derived, never stored. */
  groups: ColumnType<string[], string[] | undefined, string[]>;
  /** When the customer's personal data was erased at their request (migration 0129); null otherwise. */
  anonymized_at: ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerIdVerificationTable {
  id: string;
  organization_id: string;
  customer_id: string;
  store_id: string | null;
  document_type: string;
  issuing_jurisdiction: string;
  expires_on: DateColumn;
  method: string;
  id_number_masked: string | null;
  id_number_hash: string | null;
  privacy_rule: string;
  verified_by_type: string;
  verified_by: string | null;
  verified_at: Timestamp;
}

export interface MedicalPatientTable {
  customer_id: string;
  organization_id: string;
  card_number_encrypted: string;
  card_number_masked: string;
  card_number_hash: string;
  card_jurisdiction: string;
  card_kind: Generated<string>;
  card_expires_on: DateColumn;
  physician_name: string | null;
  physician_license: string | null;
  recommendation_issued_on: ColumnType<Date | string | null, string | null | undefined, string | null>;
  recommendation_expires_on: ColumnType<Date | string | null, string | null | undefined, string | null>;
  notes: string | null;
  /** LimitAllowance[] (see customers.service.ts); jsonb array. */
  limit_allowances: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CaregiverLinkTable {
  id: string;
  organization_id: string;
  caregiver_customer_id: string;
  patient_customer_id: string;
  card_number_encrypted: string | null;
  card_number_masked: string | null;
  card_jurisdiction: string | null;
  card_expires_on: ColumnType<Date | string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  revoked_at: Date | string | null;
}

/** An online-store sign-in beside a customer record (migration 0074). */
export interface ShopperAccountTable {
  customer_id: string;
  organization_id: string;
  email: string;
  password_hash: string;
  failed_logins: Generated<number>;
  locked_until: Date | string | null;
  /** When the shopper confirmed the address by a mailed link (migration 0081); null until then. */
  email_verified_at: Date | string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShopperSessionTable {
  id: string;
  customer_id: string;
  organization_id: string;
  created_at: Timestamp;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

export interface ShopperPasswordResetTable {
  id: string;
  customer_id: string;
  organization_id: string;
  store_id: string;
  created_at: Timestamp;
  expires_at: Date | string;
  used_at: Date | string | null;
}

/** A confirmation mail asked for; the token is made (and only its hash kept) when the mail is written. */
export interface ShopperEmailVerificationTable {
  id: string;
  customer_id: string;
  organization_id: string;
  store_id: string;
  /** The address the link confirms: it works only while the account still has it. */
  email: string;
  token_hash: string | null;
  created_at: Timestamp;
  expires_at: Date | string | null;
  used_at: Date | string | null;
}

export interface ShopperMailTable {
  event_id: string;
  customer_id: string;
  kind: string;
  sent_at: Timestamp;
}

export interface CustomerTables {
  customer: CustomerTable;
  shopper_account: ShopperAccountTable;
  shopper_session: ShopperSessionTable;
  shopper_password_reset: ShopperPasswordResetTable;
  shopper_email_verification: ShopperEmailVerificationTable;
  shopper_mail: ShopperMailTable;
  customer_id_verification: CustomerIdVerificationTable;
  medical_patient: MedicalPatientTable;
  caregiver_link: CaregiverLinkTable;
}
