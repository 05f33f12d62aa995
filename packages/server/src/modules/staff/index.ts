// The staff module's door for other modules. Its routes and sign-in are wired by the platform.
export { assertMayChangeStaffMember, assertMayReadStaffMember, confirmPin, staffActorNow, staffAtStore, type LoginPolicy } from './staff.service';
