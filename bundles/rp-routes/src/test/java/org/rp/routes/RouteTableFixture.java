package org.rp.routes;

import java.util.Collection;

import org.rp.api.route.Rule;

/** A route table filled by hand, as {@link RpConfigurations} fills it with the rules of applied configurations. */
public final class RouteTableFixture {
    private RouteTableFixture() {
    }

    public static RouteTableService of(Collection<Rule> rules) {
        RouteTableService table = new RouteTableService();
        rules.forEach(rule -> table.put("rp.rule~" + rule.name(), rule));
        return table;
    }
}
