package org.civitas.server.sensing;

import java.util.Objects;
import org.civitas.sensing.model.Navigation;

/**
 * One navigation property to expand inline ({@code $expand}), with the query options that apply to
 * the entities it leads to. A path such as {@code Datastreams/ObservedProperty} is an expansion of
 * {@code Datastreams} whose options expand {@code ObservedProperty}.
 *
 * @param navigation the navigation property of the entity being written
 * @param options the options inside the parentheses ({@code $select}, {@code $top}, nested {@code
 *     $expand}...), {@link QueryOptions#NONE} when there are none
 * @param optionsText those options as the client wrote them, {@code ;}-separated, so that the link
 *     to the next page of an expanded collection carries them again
 */
record ExpandOption(Navigation navigation, QueryOptions options, String optionsText) {
  ExpandOption {
    Objects.requireNonNull(navigation, "navigation");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(optionsText, "optionsText");
  }
}
