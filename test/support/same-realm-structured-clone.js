// Jest runs each test file in a vm context whose globals (Object, Array) are not the Node host's, but whose
// structuredClone is the host's: a clone's plain objects and arrays then belong to the host realm. Libraries
// that clone and then check `value.constructor === Object` (oidc-provider does, for client metadata) refuse
// them. This wrapper rebuilds plain objects and arrays of a clone in the test file's own realm. Tests only: the
// gateway itself runs in one realm.
const hostClone = globalThis.structuredClone;

function isHostPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && Object.getPrototypeOf(proto) === null && proto.constructor?.name === 'Object';
}

function intoThisRealm(value) {
  if (Array.isArray(value)) return Array.from(value, intoThisRealm);
  if (isHostPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, intoThisRealm(item)]));
  return value;
}

globalThis.structuredClone = (value, options) => intoThisRealm(hostClone(value, options));
