import { Suspense, lazy, useEffect, useRef } from 'react';
import { isInsideShopify } from '../get-session-token.js';
import { HomePage } from '../home/home-page.js';
import { DemoTopBar, ShopifyNavMenu } from './app-navigation.js';
import { NotFoundPage } from './not-found-page.js';
import { PageSkeleton } from './page-skeleton.js';
import { matchRoute, useRoute } from './router.js';

// Home, the page the app opens on, comes with the first download (its chart still loads on its own);
// every other page is its own chunk, loaded when first visited.
const SettingsPage = lazy(() => import('../settings/settings-page.js').then((m) => ({ default: m.SettingsPage })));
const SegmentsIndexPage = lazy(() => import('../segments/segments-index-page.js').then((m) => ({ default: m.SegmentsIndexPage })));
const SegmentDetailPage = lazy(() => import('../segments/segment-detail-page.js').then((m) => ({ default: m.SegmentDetailPage })));
const DestinationsPage = lazy(() => import('../destinations/destinations-page.js').then((m) => ({ default: m.DestinationsPage })));
const SegmentEditorPage = lazy(() => import('../segments/segment-editor-page.js').then((m) => ({ default: m.SegmentEditorPage })));

const PAGE_TITLES: Record<string, string> = { '/': 'Home', '/segments': 'Segments', '/destinations': 'Destinations', '/settings': 'Settings' };

function CurrentPage({ path }: { path: string }) {
  const match = matchRoute(path);
  if (!match) return <NotFoundPage path={path} />;
  const id = Number(match.params.id);
  const validId = Number.isSafeInteger(id) && id > 0;
  switch (match.pattern) {
    case '/':
      return <HomePage />;
    case '/settings':
      return <SettingsPage />;
    case '/segments':
      return <SegmentsIndexPage />;
    case '/segments/new':
      return <SegmentEditorPage />;
    case '/segments/:id':
      return validId ? <SegmentDetailPage key={id} id={id} /> : <NotFoundPage path={path} />;
    case '/segments/:id/edit':
      return validId ? <SegmentEditorPage key={id} id={id} /> : <NotFoundPage path={path} />;
    case '/destinations':
      return <DestinationsPage />;
  }
}

/** The admin: navigation (App Bridge's inside Shopify, a top bar in demo mode) and the page for the path. */
export function AppShell() {
  const { path } = useRoute();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    const section = PAGE_TITLES[path] ?? (path.startsWith('/segments') ? 'Segments' : null);
    document.title = section ? `${section} · Shopper Segments` : 'Shopper Segments';
    // After an in-app navigation, start keyboard and screen-reader users at the new page, not the old link.
    if (first.current) first.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [path]);

  return (
    <>
      {isInsideShopify() ? <ShopifyNavMenu /> : <DemoTopBar path={path} />}
      <main ref={main} tabIndex={-1} style={{ outline: 'none' }}>
        <Suspense fallback={<PageSkeleton />}>
          <CurrentPage path={path} />
        </Suspense>
      </main>
    </>
  );
}
