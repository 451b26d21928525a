package io.portway.delivery.explain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer of {@code POST /api/messages/explain}: the routes a message would get, the subscriptions it missed
 * (closest first) and the routing table's version it was answered at.
 */
public record Explanation(List<RouteView> routes, List<Explainer.NearMiss> nearMisses, long position) {

    /**
     * @param via         {@code filter}, {@code address} or {@code group:<name>}, as in a publish's answer
     * @param conjunction the index of the first conjunction that matched, for routes found by a filter
     * @param outcome     {@code deliver} or {@code held}
     * @param reason      for {@code held}: {@code PORT_STOPPED} or {@code GROUP_STOPPED}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteView(String sendPort, String via, Integer conjunction, String outcome, String reason) {
    }
}
