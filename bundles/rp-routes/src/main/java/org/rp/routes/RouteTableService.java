package org.rp.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rp.api.FirstMessage;
import org.rp.api.route.Decision;
import org.rp.api.route.Rule;
import org.rp.api.route.RouteTable;
import org.rp.routes.config.RuleConfig;
import org.rp.routes.table.RuleIndex;

/**
 * The route table: the rules of all applied {@code rp.rule} configurations, swapped in as one immutable snapshot
 * on every change, so a decision in flight never sees half of an edit.
 */
@Component(service = {RouteTable.class, RouteTableService.class},
        configurationPid = RpConfigurations.RULE, configurationPolicy = ConfigurationPolicy.IGNORE)
// the metatype of rule configurations, which RpConfigurations reads and hands in through put()
@Designate(ocd = RuleConfig.class, factory = true)
public class RouteTableService implements RouteTable {

    private final Map<String, Rule> rulesByPid = new LinkedHashMap<>();
    private volatile RuleIndex index = new RuleIndex(List.of());

    /** Adds or replaces the rule of one configuration. */
    synchronized void put(String pid, Rule rule) {
        rulesByPid.put(pid, rule);
        index = new RuleIndex(rulesByPid.values());
    }

    /** @return whether the configuration had a rule */
    synchronized boolean has(String pid) {
        return rulesByPid.containsKey(pid);
    }

    synchronized boolean remove(String pid) {
        boolean removed = rulesByPid.remove(pid) != null;
        index = new RuleIndex(rulesByPid.values());
        return removed;
    }

    @Override
    public Decision decide(FirstMessage message) {
        return index.decide(message);
    }

    @Override
    public List<Rule> rules() {
        return index.rules();
    }
}
