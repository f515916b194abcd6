export function RoleList({ roles }: { roles: string[] }) {
  if (roles.length === 0) return <p className="muted">No roles.</p>;
  return (
    <ul className="role-list" aria-label="Roles">
      {roles.map((role) => (
        <li key={role} className={`role role-${role}`}>
          {role}
        </li>
      ))}
    </ul>
  );
}
