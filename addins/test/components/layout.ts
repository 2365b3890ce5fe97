/**
 * jsdom lays nothing out, so dnd-kit would see every element at 0,0. This gives columns side-by-side rects
 * (300 px apart) and cards a rect inside their column, enough for keyboard moves between columns.
 */
export function layOutColumns(): () => void {
  const original = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function rect(this: Element) {
    // The drag overlay is placed by inline style at the lifted card's rect.
    const style = (this as HTMLElement).style;
    if (style?.position === 'fixed' && style.left) {
      const [left, top, width, height] = [style.left, style.top, style.width, style.height].map(
        (v) => parseFloat(v) || 0,
      ) as [number, number, number, number];
      return {
        x: left,
        y: top,
        left,
        top,
        width,
        height,
        right: left + width,
        bottom: top + height,
        toJSON: () => ({}),
      } as DOMRect;
    }
    const column = this.closest('[data-testid^="column-"]');
    const index = column?.parentElement ? [...column.parentElement.children].indexOf(column) : 0;
    const own = this === column;
    const left = index * 300 + (own ? 0 : 10);
    const [top, width, height] = own ? [0, 288, 800] : [100, 268, 112];
    return {
      x: left,
      y: top,
      left,
      top,
      width,
      height,
      right: left + width,
      bottom: top + height,
      toJSON: () => ({}),
    } as DOMRect;
  };
  return () => {
    Element.prototype.getBoundingClientRect = original;
  };
}
