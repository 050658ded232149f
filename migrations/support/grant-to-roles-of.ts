/**
 * The statement that gives `grants` to every role granted anything on `table`, its owner and PUBLIC aside: where
 * the gateway runs as a role of its own (not the owner that migrates, docs/operations.md), a new table or
 * function reaches that role as the older tables did, whatever the role is called.
 *
 * Each grant is a GRANT without its grantee, e.g. `GRANT SELECT, INSERT ON admin_audit`; it must hold no quote.
 *
 * Frozen: migrations that have run call this, so what it returns must never change (that would rewrite history
 * for a database migrated later). A different statement is a new function beside this one. It is not a
 * migration itself: src/store/data-source.ts lists the migrations by class, nothing loads this folder by glob.
 */
export function grantToRolesOf(table: string, grants: readonly string[]): string {
  return `DO $$
  DECLARE r record;
  BEGIN
    FOR r IN
      SELECT DISTINCT pg_get_userbyid(acl.grantee) AS name
      FROM pg_class c, aclexplode(c.relacl) acl
      WHERE c.oid = '${table}'::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
    LOOP
${grants.map((grant) => `      EXECUTE format('${grant} TO %I', r.name);\n`).join('')}    END LOOP;
  END
  $$`;
}
