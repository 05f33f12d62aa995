import type { UnitOfWork } from '../../platform/unit-of-work';
import type { CustomerSecrets } from './customer-secrets';
import { createCustomer, linkCaregiver, setMedicalPatient } from './customers.service';

/**
 * Demo customers: an adult-use shopper, a medical patient with a California card and a
 * physician recommendation, and the patient's caregiver. Card numbers are made up.
 */
export async function seedDemoCustomers(uow: UnitOfWork, organizationId: string, secrets: CustomerSecrets): Promise<void> {
  await createCustomer(uow, organizationId, {
    firstName: 'Avery',
    lastName: 'Adams',
    birthDate: '1990-04-01',
    email: 'avery.adams@example.com',
    phone: '+15105550101',
    kind: 'adult_use',
    idJurisdiction: 'US-CA',
    consentMarketing: true,
    consentDataRetention: true,
  });
  const patient = await createCustomer(uow, organizationId, {
    firstName: 'Pat',
    lastName: 'Medina',
    birthDate: '1978-09-12',
    email: 'pat.medina@example.com',
    phone: '+15105550102',
    kind: 'medical',
    idJurisdiction: 'US-CA',
    consentDataRetention: true,
  });
  await setMedicalPatient(uow, organizationId, patient.id, {
    cardNumber: 'CA-MMIC-0042-7781',
    cardJurisdiction: 'US-CA',
    cardKind: 'registry_card',
    cardExpiresOn: '2027-12-31',
    physicianName: 'Dr. Rosa Whitfield',
    physicianLicense: 'A123456',
    recommendationIssuedOn: '2025-01-15',
    recommendationExpiresOn: '2026-01-15',
  }, secrets);
  const caregiver = await createCustomer(uow, organizationId, {
    firstName: 'Casey',
    lastName: 'Medina',
    birthDate: '1982-02-20',
    phone: '+15105550103',
    kind: 'adult_use',
    idJurisdiction: 'US-CA',
  });
  await linkCaregiver(uow, organizationId, patient.id, { caregiverCustomerId: caregiver.id }, secrets);
}
