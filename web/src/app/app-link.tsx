import type { ComponentProps, MouseEvent, ReactNode } from 'react';
import type { AppProviderProps } from '@shopify/polaris';
import { appHref, isAppPath, navigate } from './router.js';

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps['linkComponent']>>;

/** True for a plain left click the router should take (not a new tab, window or download). */
export function isPlainClick(event: MouseEvent): boolean {
  return !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/**
 * Polaris' link component (AppProvider linkComponent): every Polaris `url` (Link, Button, page actions)
 * to an in-app path navigates without a reload; other URLs stay ordinary links.
 */
export function RouterLink({ url, external, children, target, download, ...rest }: LinkLikeComponentProps) {
  const internal = !external && !target && !download && isAppPath(url);
  if (!internal) {
    const newTab = external || target === '_blank';
    return (
      <a href={url} target={external ? '_blank' : target} rel={newTab ? 'noopener noreferrer' : undefined} download={download} {...rest}>
        {children}
      </a>
    );
  }
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    (rest.onClick as ((e: MouseEvent<HTMLAnchorElement>) => void) | undefined)?.(event);
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(url);
  };
  return (
    <a href={appHref(url)} {...rest} onClick={onClick}>
      {children}
    </a>
  );
}

/** An in-app link for places outside Polaris components: `<AppLink url="/segments/3">Open</AppLink>`. */
export function AppLink({ url, children }: { url: string; children: ReactNode }) {
  return <RouterLink url={url}>{children}</RouterLink>;
}
