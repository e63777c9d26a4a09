import { useEffect, useState } from 'react';

// Phone width (below antd's md breakpoint), known on the first render: Grid.useBreakpoint() starts
// empty, which would lay a laptop page out as a phone's until it settles.
const QUERY = '(max-width: 767.98px)';

export const useNarrow = (): boolean => {
  const [narrow, setNarrow] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const update = () => setNarrow(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return narrow;
};
