/** Celestial reference frame of a region's coordinates. */
export type SkyFrame = 'icrs' | 'galactic';

/**
 * A part of the celestial sphere, in degrees. Boxes are bounded by two meridians and two parallels of
 * their frame; `lonMin > lonMax` means the box crosses longitude 0 (e.g. 350..10).
 */
export type SkyRegion =
  | { readonly kind: 'all-sky' }
  | {
      readonly kind: 'cone';
      readonly frame: SkyFrame;
      readonly lon: number;
      readonly lat: number;
      readonly radius: number;
    }
  | {
      readonly kind: 'box';
      readonly frame: SkyFrame;
      readonly lonMin: number;
      readonly lonMax: number;
      readonly latMin: number;
      readonly latMax: number;
    };

/** A cone in ICRS, as searches ask for it: centre right ascension and declination, radius, in degrees. */
export interface SkyCone {
  readonly ra: number;
  readonly dec: number;
  readonly radius: number;
}
