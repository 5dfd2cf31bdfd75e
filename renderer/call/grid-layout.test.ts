import { describe, expect, it } from 'vitest';
import { computeGridLayout, MAX_TILES_PER_PAGE, pageCount } from './grid-layout';

describe('computeGridLayout', () => {
  it('gives one big tile to a lone participant', () => {
    expect(computeGridLayout(1200, 700, 1)).toEqual({ columns: 1, rows: 1, perPage: 1 });
  });

  it('fits two side by side on a wide window', () => {
    expect(computeGridLayout(1200, 700, 2)).toMatchObject({ columns: 2, perPage: 2 });
  });

  it('follows the window size: a larger window shows more tiles per page', () => {
    const small = computeGridLayout(800, 500, 100);
    const large = computeGridLayout(1900, 1000, 100);
    expect(small.perPage).toBeLessThan(large.perPage);
    expect(large.perPage).toBeLessThanOrEqual(MAX_TILES_PER_PAGE);
    expect(small.perPage).toBeGreaterThanOrEqual(1);
  });

  it('never pages fewer tiles than fit when everyone fits', () => {
    const layout = computeGridLayout(1600, 900, 6);
    expect(layout.perPage).toBe(6);
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(6);
  });

  it('counts pages', () => {
    expect(pageCount(100, 9)).toBe(12);
    expect(pageCount(0, 9)).toBe(1);
  });
});
