// Phone widths: every kind of page, with the longest words, links and
// names people write, must fit a 320 and a 390 CSS pixel wide screen in
// every language, right to left included. Imported by run.mjs, which
// owns the browser and the scenarios.

import zlib from 'node:zlib';

/// The widths checked: a small phone (iPhone SE, older Androids) and a
/// common one.
export const WIDTHS = [320, 390];
export const LANGUAGES = ['en', 'fr', 'ar', 'de', 'pt'];

// What people write that does not wrap by itself.
export const LONG_WORD = 'Menschenrechtsverteidigerinnenunterstützungsnetzwerkkoordinationsstelle';
export const LONG_URL =
  'https://documents.court-observers.example.org/hearings/2026/detention-appeal/case-17/' +
  'witness-statements/translated/final_version_with_all_annexes_and_exhibits.pdf?download=1&lang=fr';
export const LONG_NAME = 'Maria-Fernanda Alexandrovna Oyelaran-Nwachukwu-Vasconcelos de Albuquerque';
export const LONG_ORG = `Internationale ${LONG_WORD} für strategische Prozessführung`;
export const LONG_DOMAIN = 'a-very-long-subdomain-of-an-instance.court-observers-network-international.example';
const LONG_SLUG = 'menschenrechtsverteidigung-prozessfuehrung-netz';

// Titles and names are limited to 200 characters: a long word; texts, a
// long word and a long link.
const titled = (what) => `${what} ${LONG_WORD}`;
const long = (what) => `${what} ${LONG_WORD} ${LONG_URL}`;
const markdown = (what) =>
  `${what}: ${LONG_WORD}, see ${LONG_URL} and [${LONG_URL}](${LONG_URL}).\n\n` +
  `\`${LONG_URL}\`\n\n> ${LONG_WORD}${LONG_WORD}\n\n\`\`\`\n${LONG_URL} ${LONG_URL}\n\`\`\``;

/// Writes, through the API, a space and everything in it with long words,
/// links and names; returns the pages to open, by who opens them.
/// `api(method, path, token, body)` is run.mjs's.
export async function seedLongContent(api, { owner, other, admin, ownerName }) {
  const year = new Date().getUTCFullYear();
  await api('PATCH', '/api/v1/accounts/me', owner, {
    display_name: LONG_NAME,
    organisation: LONG_ORG,
    country: 'CD',
    languages: ['fr', 'ln', 'sw'],
    bio: markdown('Bio'),
    timezone: 'America/Argentina/ComodRivadavia',
  });
  const space = await api('POST', '/api/v1/spaces', owner, {
    slug: LONG_SLUG,
    title: `${LONG_WORD} ${LONG_NAME}`,
    description: long('About'),
    language: 'de',
    visibility: 'public',
  });
  const s = space.slug || LONG_SLUG;
  // A wide picture with a long description, and a file with a long name.
  const picture = await api('POST', `/api/v1/media?filename=${encodeURIComponent(LONG_WORD)}.png&description=${encodeURIComponent(long('Picture'))}`, owner, panorama(2400, 300));
  const file = await api('POST', `/api/v1/media?filename=${encodeURIComponent(LONG_WORD + LONG_WORD)}.pdf`, owner, new TextEncoder().encode('%PDF-1.4\n%%EOF\n'));
  const post = await api('POST', `/api/v1/spaces/${s}/posts`, owner, { title: titled('Post'), body: markdown('Post'), media: [picture.id, file.id] });
  await api('PUT', '/api/v1/accounts/me/avatar', owner, panorama(300, 200));
  await api('POST', `/api/v1/spaces/${s}/join`, other, null);
  const comment = await api('POST', `/api/v1/posts/${post.id}/comments`, other, { body: markdown('Comment') });
  let parent = comment.id;
  for (let depth = 0; depth < 5; depth++) {
    const reply = await api('POST', `/api/v1/posts/${post.id}/comments`, depth % 2 ? other : owner, {
      body: markdown(`Reply ${depth + 1}`),
      parent_id: parent,
    });
    parent = reply.id;
  }
  const event = (when) => ({
    title: titled('Hearing'),
    description: markdown('Event'),
    starts_at: `${when}-03-12T09:30`,
    ends_at: `${when}-03-12T17:00`,
    timezone: 'America/Argentina/ComodRivadavia',
    online_url: LONG_URL,
    place_name: titled('Court'),
    place_address: `${LONG_WORD} 1234, ${LONG_WORD}`,
  });
  const upcoming = await api('POST', `/api/v1/spaces/${s}/events`, owner, event(year + 1));
  await api('POST', `/api/v1/events/${upcoming.id}/registration`, other, null);
  const past = await api('POST', `/api/v1/spaces/${s}/events`, owner, event(year - 1));
  await api('POST', `/api/v1/events/${past.id}/materials`, owner, { kind: 'recording', title: titled('Recording'), url: LONG_URL });
  const folder = await api('POST', `/api/v1/spaces/${s}/library/folders`, owner, { title: titled('Folder'), description: long('Folder') });
  const note = await api('POST', `/api/v1/spaces/${s}/library/notes`, owner, {
    title: titled('Note'),
    body: markdown('Note'),
    description: long('Note'),
    tags: [LONG_WORD.toLowerCase().slice(0, 40), 'hearings'],
    folder: folder.id,
  });
  await api('POST', `/api/v1/library/items/${note.id}/comments`, other, { body: markdown('Library comment') });
  await api('POST', '/api/v1/reports', other, { post_id: post.id, reason: long('Report') });
  await api('POST', '/api/v1/admin/federation/rules', admin, {
    domain: LONG_DOMAIN,
    action: 'limit',
    reject_media: true,
    public_reason: long('Reason'),
    private_comment: long('Comment'),
  });
  await api('POST', '/api/v1/invitations', admin, {
    note: titled('Invitation'),
    email: 'menschenrechtsverteidigerinnen.unterstuetzung@court-observers-network-international.example.org',
  });
  const mail = await api('GET', '/api/v1/admin/mail', admin);
  const item = note.id;
  const member = [
    '/', '/spaces', '/spaces/new', `/s/${s}`, `/s/${s}/about`, `/s/${s}/members`, `/s/${s}/events`,
    `/s/${s}/events/past`, '/events/past', `/event/${upcoming.id}`, `/event/${past.id}`, `/s/${s}/library`,
    `/s/${s}/library?folder=${folder.id}`, `/item/${item}`, `/post/${post.id}`, `/post/${post.id}/edit`,
    '/search?q=hearing', [`/search?q=${encodeURIComponent(LONG_WORD)}`, 422], `/people/${ownerName}`, '/settings', '/settings/security',
    '/settings/sessions', '/settings/notifications', '/settings/delete', '/notifications', '/invitations',
    `/s/${s}/reports`, '/privacy', '/newsletter', `/s/${s}/newsletter`, '/people', `/people?q=${encodeURIComponent(LONG_NAME.split(' ')[0])}`,
    '/drafts', `/s/${s}/members?find=${encodeURIComponent(LONG_WORD.slice(0, 20))}`, ['/post/999999', 404], ['/no-such-page-' + LONG_WORD, 404],
    [`/post/${LONG_WORD}`, 400],
  ];
  const staff = [
    '/admin', '/admin/users', '/admin/invitations', '/admin/federation', '/admin/reports', '/admin/mail',
    ...mail.slice(0, 1).map((m) => `/admin/mail/${m.id}`), '/admin/privacy', '/admin/front-page',
    '/newsletter/issues', `/post/${post.id}`,
  ];
  const visitor = [
    '/', '/login', '/register', '/forgot', '/privacy', '/newsletter', '/spaces', `/s/${s}`, `/s/${s}/about`, `/post/${post.id}`,
    `/event/${upcoming.id}`, '/events/past', '/search?q=post',
    ['/post/999999', 404],
  ];
  return { member, staff, visitor, space: s, event: upcoming.id };
}

/// A `width` × `height` PNG of stripes (made here: no picture files in
/// the repository), for an upload.
function panorama(width, height) {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(x % 80 < 40 ? [30, 90, 160] : [220, 200, 120], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]));
}

/// Measures the open page at its current width: how wide the document is,
/// which elements stick out (the widest first, without those inside a box
/// that scrolls by itself), and where the header band starts and ends.
export async function measure(page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
    const outOfFlow = (el) => ['absolute', 'fixed'].includes(getComputedStyle(el).position);
    // Inside a box that scrolls by itself, unless it is positioned out of
    // that box (an absolute element whose containing block is further up).
    const clipped = (el) => {
      let absolute = outOfFlow(el);
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const style = getComputedStyle(up);
        const positioned = style.position !== 'static';
        // An absolute element escapes every box up to its containing block.
        if (absolute && !positioned) continue;
        if (style.overflowX !== 'visible') return true;
        if (positioned) absolute = outOfFlow(up);
      }
      return false;
    };
    const describe = (el) => {
      const parts = [];
      for (let at = el; at && at !== document.body && parts.length < 4; at = at.parentElement) {
        parts.unshift(`${at.localName}${at.id ? `#${at.id}` : ''}${at.classList.length ? `.${[...at.classList].join('.')}` : ''}`);
      }
      return parts.join(' > ');
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // Scrollable overflow lies to the end side only: right in LTR, left in RTL.
      const past = rtl ? -r.left : r.right - width;
      if (past > 0.5 && !clipped(el)) out.push({ past, el });
    }
    out.sort((a, b) => b.past - a.past);
    const widest = out.slice(0, 3).map(({ past, el }) => {
      const r = el.getBoundingClientRect();
      const text = (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${describe(el)}> ${Math.round(r.width)} px wide, ${Math.round(past)} px past the ${rtl ? 'left' : 'right'} edge${text ? ` ("${text}…")` : ''}`;
    });
    const band = document.querySelector('header.site').getBoundingClientRect();
    return {
      width,
      scrollWidth: document.documentElement.scrollWidth,
      widest,
      header: { left: band.left, right: band.right },
    };
  });
}
