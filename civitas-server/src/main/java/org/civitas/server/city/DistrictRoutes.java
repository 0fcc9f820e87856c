package org.civitas.server.city;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.civitas.city.District;
import org.civitas.city.DistrictStore;
import org.civitas.error.NotFoundException;
import org.civitas.server.http.JsonCodec;

/**
 * The city's districts at {@code /api/v1/districts} (see docs/API.md, "Districts"): {@code PUT}
 * replaces them all with a GeoJSON FeatureCollection, {@code GET} answers it, {@code GET
 * /api/v1/districts/{name}} one Feature. Registered with {@code CivitasServer.withRoutes}.
 */
public final class DistrictRoutes {
  static final String DISTRICTS = "/api/v1/districts";
  private static final String GEO_JSON = "application/geo+json";

  private final DistrictStore store;

  private DistrictRoutes(DistrictStore store) {
    this.store = store;
  }

  /** Registers the district routes on {@code routes}. */
  public static void register(RoutesConfig routes, DistrictStore store) {
    DistrictRoutes api = new DistrictRoutes(store);
    routes.put(DISTRICTS, api::replace);
    routes.get(DISTRICTS, api::list);
    routes.get(DISTRICTS + "/{name}", api::one);
  }

  private void replace(Context ctx) {
    List<District> districts = DistrictGeoJson.read(JsonCodec.readObject(ctx.bodyAsBytes()));
    store.replaceAll(districts);
    respond(ctx, collection(store.list()));
  }

  private void list(Context ctx) {
    respond(ctx, collection(store.list()));
  }

  private void one(Context ctx) {
    String name = ctx.pathParam("name");
    District district =
        store
            .find(name)
            .orElseThrow(() -> new NotFoundException("there is no district named " + name));
    respond(ctx, DistrictGeoJson.feature(district));
  }

  private static ObjectNode collection(List<District> districts) {
    ObjectNode collection = JsonCodec.newObject().put("type", "FeatureCollection");
    ArrayNode features = collection.putArray("features");
    districts.forEach(d -> features.add(DistrictGeoJson.feature(d)));
    return collection;
  }

  private static void respond(Context ctx, ObjectNode body) {
    ctx.status(200).contentType(GEO_JSON).result(JsonCodec.write(body));
  }
}
