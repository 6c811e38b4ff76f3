/** How the app embed block stands in a theme's settings_data.json. */
export type AppEmbedState = 'active' | 'disabled' | 'absent';

// Shopify writes settings_data.json with a leading /* ... */ notice; JSON.parse refuses it. Only
// comments before the first `{` are stripped: values inside may hold `//` (URLs).
const LEADING_COMMENTS = /^\uFEFF?(?:\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*(?:\n|$))*/;

/**
 * Pure: finds the embed block `shopify://apps/<app-handle>/blocks/<blockHandle>/<uid>` under
 * `current.blocks` (or under the preset `current` names, when it is a string) and whether the merchant
 * switched it on (`disabled` absent or false). Unparsable content counts as absent.
 */
export function findAppEmbedState(settingsData: string, blockHandle: string): AppEmbedState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(settingsData.replace(LEADING_COMMENTS, ''));
  } catch {
    return 'absent';
  }
  const root = asRecord(parsed);
  const current = typeof root?.current === 'string' ? asRecord(asRecord(root.presets)?.[root.current]) : asRecord(root?.current);
  const blocks = asRecord(current?.blocks);
  if (!blocks) return 'absent';
  const marker = `/blocks/${blockHandle}/`;
  const ours = Object.values(blocks).map(asRecord).filter((b) => typeof b?.type === 'string' && b.type.includes(marker));
  if (ours.length === 0) return 'absent';
  // Duplicates happen after reinstalls; one enabled copy is enough for the tracker to load.
  return ours.some((b) => b?.disabled !== true) ? 'active' : 'disabled';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
