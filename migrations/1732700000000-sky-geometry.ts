import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spherical geometry for cone searches over releases' sky coverage, in plain float8 (no extension): the
 * SQL twin of libs/sky/src/sky-geometry.ts, step for step, so that PostgreSQL and the TypeScript code agree
 * on which releases a cone touches (libs/sky/src/sky-geometry.medium-spec.ts compares them). Degrees in
 * and out; regions are SkyRegion objects as JSON.stringify writes them.
 */
export class SkyGeometry1732700000000 implements MigrationInterface {
  name = 'SkyGeometry1732700000000';

  async up(db: QueryRunner): Promise<void> {
    // "dec" is quoted: DEC is a keyword that PostgreSQL does not accept bare as a parameter name.
    // PostgreSQL raises "value out of range: underflow" where a float8 product or quotient of non-zero
    // values rounds to 0, so angles closer to 0 than 1e-100 degrees (far below any meaning) are taken as 0
    // where their sines enter products; nothing computed from the remaining values comes near the limit.
    // Functions are PL/pgSQL: SQL-language bodies with subqueries are not inlined and ran ten times slower.
    await db.query(`
      -- Vincenty's atan2 form: accurate for tiny, right-angle and antipodal separations alike.
      CREATE FUNCTION apdc_angular_distance(lon1 float8, lat1 float8, lon2 float8, lat2 float8)
      RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        sin_lat1 float8 := sind(CASE WHEN abs(lat1) < 1e-100 THEN 0 ELSE lat1 END);
        cos_lat1 float8 := cosd(lat1);
        sin_lat2 float8 := sind(CASE WHEN abs(lat2) < 1e-100 THEN 0 ELSE lat2 END);
        cos_lat2 float8 := cosd(lat2);
        delta_lon float8 := lon2 - lon1;
        sin_delta_lon float8 := sind(CASE WHEN abs(delta_lon) < 1e-100 THEN 0 ELSE delta_lon END);
        cos_delta_lon float8 := cosd(delta_lon);
        across float8 := cos_lat2 * sin_delta_lon;
        along float8 := cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta_lon;
      BEGIN
        RETURN atan2d(sqrt(across * across + along * along), sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta_lon);
      END
      $fn$;

      -- IAU 1958 Galactic frame with the Hipparcos rotation (ESA SP-1200 vol. 1 eq. 1.5.11), computed from
      -- the north Galactic pole (192.85948, 27.12825) and the Galactic longitude of the north celestial pole
      -- 122.93192 to double precision. l in [0, 360).
      CREATE FUNCTION apdc_icrs_to_galactic(ra float8, "dec" float8, OUT l float8, OUT b float8)
      LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        vx float8 := cosd("dec") * cosd(ra);
        vy float8 := cosd("dec") * sind(CASE WHEN abs(ra) < 1e-100 THEN 0 ELSE ra END);
        vz float8 := sind(CASE WHEN abs("dec") < 1e-100 THEN 0 ELSE "dec" END);
        x float8 := -0.054875560416215365 * vx - 0.873437090234885 * vy - 0.4838350155487132 * vz;
        y float8 := 0.49410942787558365 * vx - 0.4448296299600112 * vy + 0.7469822444972188 * vz;
        z float8 := -0.8676661490190047 * vx - 0.19807637343120152 * vy + 0.4559837761750669 * vz;
      BEGIN
        l := atan2d(y, x);
        l := l - 360 * floor(l / 360);
        IF l >= 360 THEN
          l := 0;
        END IF;
        b := atan2d(z, sqrt(x * x + y * y));
      END
      $fn$;

      -- Distance from an ICRS point to the nearest point of a region, 0 inside it. For boxes: the nearest
      -- of the two meridian edges and, when the point's longitude is in the box's range, the two parallels
      -- (outside that range a parallel's nearest point is a corner, which the meridian edges include).
      CREATE FUNCTION apdc_sky_distance(region jsonb, ra float8, "dec" float8)
      RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      DECLARE
        lon float8 := ra;
        lat float8 := "dec";
        lon_min float8;
        lon_max float8;
        lat_min float8;
        lat_max float8;
        full_circle boolean;
        in_lon_range boolean;
        nearest float8 := 'Infinity';
        meridian float8;
        foot_lat float8;
      BEGIN
        IF region ->> 'kind' = 'all-sky' THEN
          RETURN 0;
        END IF;
        CASE region ->> 'frame'
          WHEN 'icrs' THEN
            NULL;
          WHEN 'galactic' THEN
            SELECT g.l, g.b INTO lon, lat FROM apdc_icrs_to_galactic(ra, "dec") AS g;
          ELSE
            RAISE EXCEPTION 'sky region % has no known frame', region;
        END CASE;
        IF abs(lon) < 1e-100 THEN
          lon := 0;
        END IF;
        lon := lon - 360 * floor(lon / 360);
        IF lon >= 360 THEN
          lon := 0;
        END IF;

        IF region ->> 'kind' = 'cone' THEN
          -- Checked because greatest() would read a missing value's NULL distance as 0: inside.
          IF region ->> 'lon' IS NULL OR region ->> 'lat' IS NULL OR region ->> 'radius' IS NULL THEN
            RAISE EXCEPTION 'sky cone % lacks lon, lat or radius', region;
          END IF;
          RETURN greatest(0, apdc_angular_distance(
            (region ->> 'lon')::float8, (region ->> 'lat')::float8, lon, lat
          ) - (region ->> 'radius')::float8);
        ELSIF region ->> 'kind' IS DISTINCT FROM 'box' THEN
          RAISE EXCEPTION 'sky region % has no known kind', region;
        END IF;

        lon_min := (region ->> 'lonMin')::float8;
        lon_max := (region ->> 'lonMax')::float8;
        lat_min := (region ->> 'latMin')::float8;
        lat_max := (region ->> 'latMax')::float8;
        IF lon_min IS NULL OR lon_max IS NULL OR lat_min IS NULL OR lat_max IS NULL THEN
          RAISE EXCEPTION 'sky box % lacks lonMin, lonMax, latMin or latMax', region;
        END IF;
        full_circle := lon_max - lon_min >= 360;
        -- A pole lies at every longitude: it is in the box whenever the box reaches it.
        in_lon_range := full_circle OR abs(lat) = 90 OR CASE
          WHEN lon_min <= lon_max THEN lon >= lon_min AND lon <= lon_max
          ELSE lon >= lon_min OR lon <= lon_max
        END;
        IF in_lon_range AND lat >= lat_min AND lat <= lat_max THEN
          RETURN 0;
        END IF;
        IF in_lon_range THEN
          nearest := least(abs(lat - lat_min), abs(lat - lat_max));
        END IF;
        IF NOT full_circle THEN
          FOREACH meridian IN ARRAY ARRAY[lon_min, lon_max] LOOP
            -- The point's foot on the meridian's great circle, in (-180, 180] (beyond ±90 on the opposite
            -- meridian). Off the arc, the nearest point is an end of it, not always the one nearer in
            -- latitude (the shorter way may pass over a pole), so both ends are measured.
            foot_lat := atan2d(sind(lat), cosd(lat) * cosd(lon - meridian));
            IF foot_lat >= lat_min AND foot_lat <= lat_max THEN
              nearest := least(nearest, apdc_angular_distance(lon, lat, meridian, foot_lat));
            ELSE
              nearest := least(
                nearest,
                apdc_angular_distance(lon, lat, meridian, lat_min),
                apdc_angular_distance(lon, lat, meridian, lat_max)
              );
            END IF;
          END LOOP;
        END IF;
        RETURN nearest;
      END
      $fn$;

      -- Whether a cone touches any of the regions (a JSON array of them); false for none. The 1e-9 degree
      -- widening lets a cone exactly touching a region count despite rounding.
      CREATE FUNCTION apdc_sky_cone_intersects(regions jsonb, ra float8, "dec" float8, radius float8)
      RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
      BEGIN
        FOR region_index IN 0 .. jsonb_array_length(regions) - 1 LOOP
          IF apdc_sky_distance(regions -> region_index, ra, "dec") <= radius + 1e-9 THEN
            RETURN true;
          END IF;
        END LOOP;
        RETURN false;
      END
      $fn$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP FUNCTION apdc_sky_cone_intersects(jsonb, float8, float8, float8);
      DROP FUNCTION apdc_sky_distance(jsonb, float8, float8);
      DROP FUNCTION apdc_icrs_to_galactic(float8, float8);
      DROP FUNCTION apdc_angular_distance(float8, float8, float8, float8);
    `);
  }
}
