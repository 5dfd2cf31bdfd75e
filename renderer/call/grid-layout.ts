export interface GridLayout {
  columns: number;
  rows: number;
  perPage: number;
}

const MIN_TILE_WIDTH = 220;
const TILE_ASPECT = 16 / 9;
const GAP = 8;
export const MAX_TILES_PER_PAGE = 25;

/** How many tiles fit the grid area at a readable size; the rest go to further pages. */
export function computeGridLayout(width: number, height: number, count: number): GridLayout {
  const wanted = Math.max(1, Math.min(count, MAX_TILES_PER_PAGE));
  let best: GridLayout = { columns: 1, rows: 1, perPage: 1 };
  let bestArea = 0;
  for (let columns = 1; columns <= wanted; columns++) {
    const tileWidth = (width - GAP * (columns - 1)) / columns;
    if (tileWidth < MIN_TILE_WIDTH && columns > 1) break;
    const tileHeight = tileWidth / TILE_ASPECT;
    const maxRows = Math.max(1, Math.floor((height + GAP) / (tileHeight + GAP)));
    const rows = Math.min(maxRows, Math.ceil(wanted / columns));
    const perPage = Math.min(wanted, columns * rows);
    // Prefer showing more participants, then bigger tiles.
    const area = perPage * 1e6 + tileWidth;
    if (area > bestArea) {
      bestArea = area;
      best = { columns, rows: Math.ceil(perPage / columns), perPage };
    }
  }
  return best;
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}
