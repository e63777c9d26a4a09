import { createContext, useContext } from 'react';
import type { AdminRole } from '../../../layers/contracts/admin.ts';

// Who is signed in (GET /api/admin/me). Buttons follow the role; the API enforces it again.
export interface Principal {
  username: string;
  role: AdminRole;
}

const RANK: Record<AdminRole, number> = { viewer: 0, operator: 1, admin: 2 };
export const roleAllows = (role: AdminRole, needed: AdminRole) => RANK[role] >= RANK[needed];

export const PrincipalContext = createContext<Principal>({ username: '', role: 'viewer' });
export const usePrincipal = () => useContext(PrincipalContext);
export const useCan = () => {
  const { role } = usePrincipal();
  return (needed: AdminRole) => roleAllows(role, needed);
};
