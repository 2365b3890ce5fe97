/** A small deterministic PRNG (mulberry32) so the demo data is the same on every machine. */
export type Random = {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
};

export function makeRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    weighted(items, weights) {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i]!;
        if (r < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
  };
}

export const demoCompanies = [
  'Tailspin Toys',
  'Wide World Importers',
  'Adventure Works',
  'Blue Yonder Airlines',
  'Coho Winery',
  'Lamna Healthcare',
  'Litware',
  'Margie Travel',
  'Proseware',
  'Trey Research',
  'Woodgrove Bank',
  'Alpine Ski House',
  'Bellows College',
  'Best For You Organics',
  'City Power & Light',
  'Consolidated Messenger',
  'Graphic Design Institute',
  'Humongous Insurance',
  'Lucerne Publishing',
  'Relecloud',
  'School of Fine Art',
  'Southridge Video',
  'VanArsdel',
  'Wingtip Toys',
];

export const demoPeople = [
  'Alex Morgan',
  'Sam Patel',
  'Jordan Lee',
  'Taylor Brooks',
  'Casey Nguyen',
  'Riley Chen',
  'Jamie Fox',
  'Morgan Diaz',
  'Avery Kim',
  'Drew Walsh',
  'Harper Singh',
  'Quinn Ortiz',
  'Rowan Blake',
  'Sky Novak',
  'Elliot Reyes',
  'Finley Hart',
];
