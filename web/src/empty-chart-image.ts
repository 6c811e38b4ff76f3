// Inline so the empty state needs no network (demo mode runs offline, and the admin CSP stays simple).
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="160" viewBox="0 0 226 160" fill="none">
<rect x="13" y="14" width="200" height="132" rx="12" fill="#f1f2f4"/>
<rect x="41" y="96" width="22" height="30" rx="4" fill="#c9cccf"/>
<rect x="75" y="72" width="22" height="54" rx="4" fill="#b5b5b5"/>
<rect x="109" y="84" width="22" height="42" rx="4" fill="#c9cccf"/>
<rect x="143" y="56" width="22" height="70" rx="4" fill="#8a8a8a"/>
<path d="M37 126h152" stroke="#8a8a8a" stroke-width="2" stroke-linecap="round"/>
<circle cx="178" cy="40" r="14" fill="#fff" stroke="#8a8a8a" stroke-width="2"/>
<path d="M178 32v8l5 4" stroke="#8a8a8a" stroke-width="2" stroke-linecap="round"/>
</svg>`;

export const EMPTY_CHART_IMAGE = `data:image/svg+xml,${encodeURIComponent(SVG)}`;
