package org.civitas.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class BrennhavenTest {
  private final City city = Brennhaven.build();

  @Test
  void ten_districts_tile_the_city_their_areas_summing_to_the_citys() {
    assertThat(city.districts()).hasSize(10);
    double sum = city.districts().stream().mapToDouble(District::areaKm2).sum();
    assertThat(sum).isCloseTo(city.areaKm2(), within(1e-6));
    assertThat(city.areaKm2()).isBetween(100.0, 200.0);
  }

  @Test
  void every_sample_point_of_the_city_lies_in_exactly_one_district_and_none_outside() {
    int inside = 0;
    for (double x = -8; x <= 8; x += 0.173) {
      for (double y = -6; y <= 6; y += 0.137) {
        var p = new PlanarPoint(x, y);
        long containing = city.districts().stream().filter(d -> d.shape().contains(p)).count();
        if (city.boundary().contains(p)) {
          inside++;
          assertThat(containing).as("districts containing %s", p).isEqualTo(1);
        } else {
          assertThat(containing).as("districts containing %s outside the city", p).isZero();
        }
      }
    }
    assertThat(inside).isGreaterThan(4000);
  }

  @Test
  void district_of_a_position_finds_the_district_around_it_and_nothing_outside_the_city() {
    for (District district : city.districts()) {
      GeoPoint centre = city.projection().toGeo(district.shape().centroid());
      assertThat(city.districtOf(centre.lon(), centre.lat())).contains(district);
    }
    assertThat(city.districtOf(city.centre().lon() + 1, city.centre().lat())).isEmpty();
  }

  @Test
  void the_figures_vary_as_in_a_real_city() {
    assertThat(city.population()).isEqualTo(250_000);
    District densest =
        city.districts().stream().max(Comparator.comparing(District::density)).orElseThrow();
    assertThat(densest.name()).isEqualTo("Old Town");
    District harbour = city.district("Harbour");
    assertThat(harbour.character()).isEqualTo(DistrictCharacter.INDUSTRIAL);
    assertThat(harbour.density()).isLessThan(500);
    District richest =
        city.districts().stream().max(Comparator.comparing(District::medianIncome)).orElseThrow();
    District poorest =
        city.districts().stream().min(Comparator.comparing(District::medianIncome)).orElseThrow();
    assertThat(richest.deprivationIndex()).isLessThan(0.2);
    assertThat(poorest.deprivationIndex()).isGreaterThan(0.7);
    assertThat(richest.shareOver65()).isGreaterThan(poorest.shareOver65());
    assertThat(densest.density() / harbour.density()).isGreaterThan(10);
  }

  @Test
  void the_districts_geojson_is_a_feature_collection_of_closed_polygons_with_their_figures() {
    JsonNode json = city.districtsGeoJson();
    assertThat(json.path("type").asText()).isEqualTo("FeatureCollection");
    assertThat(json.path("features")).hasSize(10);
    for (JsonNode feature : json.path("features")) {
      JsonNode ring = feature.path("geometry").path("coordinates").path(0);
      assertThat(feature.path("geometry").path("type").asText()).isEqualTo("Polygon");
      assertThat(ring.size()).isGreaterThanOrEqualTo(4);
      assertThat(ring.get(0)).isEqualTo(ring.get(ring.size() - 1));
      assertThat(ring.get(0).get(0).asDouble()).isBetween(9.0, 10.0);
      assertThat(ring.get(0).get(1).asDouble()).isBetween(52.5, 53.5);
      JsonNode properties = feature.path("properties");
      for (String name :
          new String[] {
            "name",
            "population",
            "populationDensity",
            "medianIncome",
            "deprivationIndex",
            "shareOver65",
            "areaKm2"
          }) {
        assertThat(properties.has(name)).as("property %s", name).isTrue();
      }
    }
  }

  @Test
  void polygons_run_counter_clockwise_as_geojson_asks() {
    for (District district : city.districts()) {
      var v = district.shape().vertices();
      double twice = 0;
      for (int i = 0; i < v.size(); i++) {
        var a = v.get(i);
        var b = v.get((i + 1) % v.size());
        twice += a.x() * b.y() - b.x() * a.y();
      }
      assertThat(twice).as(district.name()).isPositive();
    }
  }
}
