/** Walks a cursor-paged list of the API, as a client that shows every page would. */

/** More pages than any test list has: the cursor no longer moves on. */
const MAX_PAGES = 100;

/**
 * Every page from the first to the last. `fetchPage` gets what to add to its query: nothing for
 * the first page, `&cursor=…` for the next ones; `nextCursor` reads the cursor of a page.
 */
export async function everyPage<Page>(
  fetchPage: (cursorParam: string) => Promise<Page>,
  nextCursor: (page: Page) => string | null = (page) =>
    (page as { nextCursor: string | null }).nextCursor,
): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    if (pages.length === MAX_PAGES) throw new Error(`still a next cursor after ${MAX_PAGES} pages`);
    const page: Page = await fetchPage(cursor ? `&cursor=${cursor}` : '');
    pages.push(page);
    cursor = nextCursor(page);
  } while (cursor);
  return pages;
}
