package org.civitas.rules.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.civitas.city.District;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class DistrictAreasTest {

  @Test
  void a_polygon_district_becomes_one_closed_cap_polygon_in_lat_lon_order() {
    District harbour =
        new District(
            "Harbour",
            new Json(
                "{\"type\":\"Polygon\",\"coordinates\":[[[9.95,53.54],[10.01,53.54],"
                    + "[10.01,53.57],[9.95,53.57],[9.95,53.54]],"
                    + "[[9.97,53.55],[9.98,53.55],[9.98,53.56],[9.97,53.55]]]}"),
            new Json("{}"));

    List<String> polygons = DistrictAreas.polygons(harbour);

    // The exterior ring only; longitude 9.95 second, latitude 53.54 first.
    assertThat(polygons)
        .containsExactly("53.54,9.95 53.54,10.01 53.57,10.01 53.57,9.95 53.54,9.95");
    String[] pairs = polygons.getFirst().split(" ");
    assertThat(pairs.length).isGreaterThanOrEqualTo(4);
    assertThat(pairs[0]).isEqualTo(pairs[pairs.length - 1]);
    assertThat(Arrays.stream(pairs).map(p -> Double.parseDouble(p.split(",")[0])))
        .allSatisfy(lat -> assertThat(lat).isBetween(53.54, 53.57));
  }

  @Test
  void a_multipolygon_district_becomes_one_polygon_per_part() {
    District islands =
        new District(
            "Islands",
            new Json(
                "{\"type\":\"MultiPolygon\",\"coordinates\":["
                    + "[[[1,2],[1.5,2],[1.5,2.5],[1,2]]],"
                    + "[[[3,4],[3.5,4],[3.5,4.5],[3,4]]]]}"),
            new Json("{}"));

    assertThat(DistrictAreas.polygons(islands))
        .containsExactly("2,1 2,1.5 2.5,1.5 2,1", "4,3 4,3.5 4.5,3.5 4,3");
  }
}
