/**
 * A field of a query string or form by name, whatever its case: the system is an ASP.NET application, whose
 * binding ignores case, and its clients differ (nm17/netschoolapi sends `loginType`, `un`, `pw`, `lastname`;
 * mezhendosina/che-zadali-app and the swagger of kmlebedev/netSchoolWebApi `LoginType`, `UN`, `PW`, `LASTNAME`).
 */
export function fieldOf(fields: unknown, name: string): string | undefined {
  if (typeof fields !== 'object' || fields === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(fields))
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  return undefined;
}
