import { useSyncExternalStore, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { pathFromHash } from './path';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current screen's path, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => pathFromHash(window.location.hash));
}

export function navigate(path: string): void {
  if (pathFromHash(window.location.hash) !== path) window.location.hash = path;
}

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  children: ReactNode;
}

/** An ordinary link (middle-click, copy address) that marks itself as the current page. */
export function Link({ to, children, ...rest }: LinkProps) {
  const current = usePath() === to;
  return (
    <a href={`#${to}`} aria-current={current ? 'page' : undefined} {...rest}>
      {children}
    </a>
  );
}
