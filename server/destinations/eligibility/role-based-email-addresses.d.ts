// The package ships no types: its default export is the list of role local parts (info, sales, noreply...).
declare module 'role-based-email-addresses' {
  const roles: readonly string[];
  export default roles;
}
