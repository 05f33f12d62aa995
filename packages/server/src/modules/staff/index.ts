// The staff module's door for other modules. Its routes and sign-in are wired by the platform.
export { assertMayManageStaffMember, staffAtStore } from './staff.service';
