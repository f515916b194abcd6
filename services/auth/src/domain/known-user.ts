// Auth's own projection of users: enough to put roles in a token and refuse deactivated accounts,
// so logins keep working while the users service is down.
//
// Events may arrive out of order (retries, redelivery). Profile fields and roles are versioned
// separately by the time of the change that set them; an older change never overwrites a newer one.

export interface KnownUser {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  active: boolean;
  profileAt: Date;
  rolesAt: Date;
}

export interface UserChange {
  id: string;
  login: string;
  at: Date;
  profile?: { displayName?: string; active: boolean };
  roles?: string[];
}

const NEVER = new Date(0);

/** The projection after a change, or undefined when the change is stale for every field it carries. */
export function applyUserChange(current: KnownUser | undefined, change: UserChange): KnownUser | undefined {
  const base: KnownUser = current ?? {
    id: change.id,
    login: change.login,
    displayName: change.login,
    roles: [],
    active: true,
    profileAt: NEVER,
    rolesAt: NEVER,
  };
  const next: KnownUser = { ...base };
  let changed = current === undefined;
  if (change.profile && change.at > base.profileAt) {
    next.login = change.login;
    next.displayName = change.profile.displayName ?? base.displayName;
    next.active = change.profile.active;
    next.profileAt = change.at;
    changed = true;
  }
  if (change.roles && change.at > base.rolesAt) {
    next.roles = [...change.roles];
    next.rolesAt = change.at;
    changed = true;
  }
  return changed ? next : undefined;
}
