// The staff module's door for other modules. Its routes and sign-in are wired by the platform.
export { assertMayChangeStaffMember, assertMayReadStaffMember, staffAtStore } from './staff.service';
