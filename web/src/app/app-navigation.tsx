import type { MouseEvent } from 'react';
import { NavMenu } from '@shopify/app-bridge-react';
import { Badge, Box, InlineStack, Text } from '@shopify/polaris';
import { isPlainClick } from './app-link.js';
import { appHref, navigate } from './router.js';

export const APP_TITLE = 'Shopper Segments';

const NAV_ITEMS = [
  { url: '/', label: 'Home' },
  { url: '/segments', label: 'Segments' },
  { url: '/destinations', label: 'Destinations' },
  { url: '/settings', label: 'Settings' },
] as const;

/** The nav item a path belongs to: Segments for every /segments/... page. */
function isCurrent(url: string, path: string): boolean {
  return url === '/' ? path === '/' : path === url || path.startsWith(`${url}/`);
}

function onNavClick(url: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (!isPlainClick(event)) return;
    event.preventDefault();
    navigate(url);
  };
}

/** Inside Shopify: the admin's sidebar entries (ui-nav-menu); App Bridge clicks these anchors for us. */
export function ShopifyNavMenu() {
  return (
    <NavMenu>
      {NAV_ITEMS.map((item) => (
        <a key={item.url} href={item.url} rel={item.url === '/' ? 'home' : undefined} onClick={onNavClick(item.url)}>
          {item.label}
        </a>
      ))}
    </NavMenu>
  );
}

const linkStyle = (current: boolean) => ({
  display: 'inline-block',
  padding: 'var(--p-space-150) var(--p-space-300)',
  borderRadius: 'var(--p-border-radius-200)',
  color: 'var(--p-color-text)',
  textDecoration: 'none',
  fontWeight: current ? 'var(--p-font-weight-semibold)' : 'var(--p-font-weight-regular)',
  background: current ? 'var(--p-color-bg-fill-secondary-selected)' : 'transparent',
});

/** Demo mode (no Shopify admin around us): the same entries as a top bar, with a Demo mode badge. */
export function DemoTopBar({ path }: { path: string }) {
  return (
    <Box background="bg-surface" borderBlockEndWidth="025" borderColor="border" paddingInline="400" paddingBlock="200">
      <InlineStack gap="400" blockAlign="center" wrap={false}>
        <Text as="span" variant="headingSm">
          {APP_TITLE}
        </Text>
        <nav aria-label="Main">
          <InlineStack gap="100" as="ul">
            {NAV_ITEMS.map((item) => {
              const current = isCurrent(item.url, path);
              return (
                <li key={item.url} style={{ listStyle: 'none' }}>
                  <a href={appHref(item.url)} aria-current={current ? 'page' : undefined} style={linkStyle(current)} onClick={onNavClick(item.url)}>
                    {item.label}
                  </a>
                </li>
              );
            })}
          </InlineStack>
        </nav>
        <Badge tone="info">Demo mode</Badge>
      </InlineStack>
    </Box>
  );
}
