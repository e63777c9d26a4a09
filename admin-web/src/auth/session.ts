// The signed-in operator's token (a Cognito id token, or the runner's local token). Kept in
// sessionStorage: it goes when the tab closes, and is never written to a cookie the API would trust.
const KEY = 'msgplat.token';

export const session = {
  token: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  save: (token: string) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};
