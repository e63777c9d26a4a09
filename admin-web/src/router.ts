import { useEffect, useState } from 'react';

// Paths are plain URLs (the runner and CloudFront answer index.html for any of them); no router
// library is needed for one level of pages.
const listeners = new Set<() => void>();

export const navigate = (path: string) => {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
};

export const usePathname = () => {
  const [pathname, setPathname] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPathname(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return pathname;
};
