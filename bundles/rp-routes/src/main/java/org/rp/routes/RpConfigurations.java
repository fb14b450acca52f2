package org.rp.routes;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.ComponentFactory;
import org.osgi.service.component.ComponentInstance;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rp.api.admin.Operations;
import org.rp.api.route.Rule;
import org.rp.routes.config.ListenerConfig;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.config.RuleParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ConfigAdmin configurations into listeners and rules. A listener or rule is any configuration whose PID is
 * {@code rp.listener~<name>} / {@code rp.rule~<name>} or whose factory PID is {@code rp.listener} / {@code rp.rule}.
 * <p>
 * Why not plain DS factory configurations: Karaf's file installer reads {@code etc/rp.listener~https.cfg} as a
 * singleton PID named {@code rp.listener~https} (it knows only the older {@code pid-name.cfg} spelling), which DS
 * never binds to factory PID {@code rp.listener}. Both spellings, and configurations made with
 * {@code config:edit}, are real ConfigAdmin configurations here; nothing reads files itself.
 */
@Component(service = {}, immediate = true,
        configurationPid = RpConfigurations.LISTENER, configurationPolicy = ConfigurationPolicy.IGNORE)
// the metatype of listener configurations, which this component reads (rules: see RouteTableService)
@Designate(ocd = ListenerConfig.class, factory = true)
public class RpConfigurations implements ConfigurationListener {
    private static final Logger LOG = LoggerFactory.getLogger(RpConfigurations.class);
    static final String LISTENER = "rp.listener";
    static final String RULE = "rp.rule";

    private final ConfigurationAdmin configurationAdmin;
    private final ComponentFactory<ListenerRoute> listenerFactory;
    private final RouteTableService routeTable;
    private final ConfigurationProblems problems;
    private final Operations operations;
    /** The JMX counters of each rule configuration's rule. */
    private final Map<String, RuleStats> ruleStats = new HashMap<>();
    private final Map<String, ComponentInstance<ListenerRoute>> listeners = new HashMap<>();
    private final ServiceRegistration<ConfigurationListener> registration;
    private boolean active;

    @Activate
    public RpConfigurations(BundleContext bundleContext, @Reference ConfigurationAdmin configurationAdmin,
                            @Reference(target = "(component.factory=" + ListenerRoute.FACTORY + ")")
                            ComponentFactory<ListenerRoute> listenerFactory,
                            @Reference RouteTableService routeTable, @Reference ConfigurationProblems problems,
                            @Reference Operations operations) throws IOException, InvalidSyntaxException {
        this.configurationAdmin = configurationAdmin;
        this.problems = problems;
        this.operations = operations;
        this.listenerFactory = listenerFactory;
        this.routeTable = routeTable;
        synchronized (this) {
            active = true;
            // listen before reading what exists, so a configuration created in between is not missed
            // (DS would register a provided service only after this constructor returns)
            registration = bundleContext.registerService(ConfigurationListener.class, this, null);
            Configuration[] existing = configurationAdmin.listConfigurations("(|(service.pid=" + RULE + "~*)"
                    + "(service.factoryPid=" + RULE + ")(service.pid=" + LISTENER + "~*)(service.factoryPid=" + LISTENER + "))");
            // rules first, so that a listener never accepts a connection before the rules it serves are in force
            for (String kind : new String[] {RULE, LISTENER}) {
                for (Configuration configuration : existing == null ? new Configuration[0] : existing) {
                    if (kind.equals(kindOf(configuration.getPid(), configuration.getFactoryPid()))) {
                        apply(kind, configuration.getPid(), configuration.getProperties());
                    }
                }
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        registration.unregister();
        active = false;
        listeners.values().forEach(ComponentInstance::dispose);
        listeners.clear();
        ruleStats.values().forEach(RuleStats::unregister);
        ruleStats.clear();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String kind = kindOf(event.getPid(), event.getFactoryPid());
        if (kind == null) {
            return;
        }
        synchronized (this) {
            if (!active) {
                return;
            }
            if (event.getType() == ConfigurationEvent.CM_DELETED) {
                remove(kind, event.getPid());
                return;
            }
            try {
                Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + event.getPid() + ")");
                if (found != null && found[0].getProperties() != null) {
                    apply(kind, event.getPid(), found[0].getProperties());
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.error("Cannot read configuration {}", event.getPid(), e);
            }
        }
    }

    static String kindOf(String pid, String factoryPid) {
        for (String kind : new String[] {LISTENER, RULE}) {
            if (kind.equals(factoryPid) || pid.startsWith(kind + "~")) {
                return kind;
            }
        }
        return null;
    }

    private void apply(String kind, String pid, Dictionary<String, Object> dictionary) {
        if (dictionary == null) {
            return;
        }
        Map<String, Object> properties = toMap(dictionary);
        String name = nameOf(pid, properties);
        try {
            if (kind.equals(RULE)) {
                Rule rule = RuleParser.parse(name, properties);
                routeTable.put(pid, rule);
                publishStats(pid, rule.name());
                LOG.info("Rule {} applied: host {} paths {} -> {}:{}", rule.name(), rule.host(), rule.paths(),
                        rule.target().host(), rule.target().port());
            } else if (listeners.containsKey(pid)) {
                listeners.get(pid).getInstance().update(properties);
            } else {
                // refused here with the parser's words: SCR would only say that the instance failed to activate
                ListenerSettings.parse(name, properties);
                // an instance must not carry a service.pid of its own: SCR reserves it
                Hashtable<String, Object> instance = new Hashtable<>(properties);
                instance.remove(Constants.SERVICE_PID);
                instance.remove(ConfigurationAdmin.SERVICE_FACTORYPID);
                instance.put(ListenerRoute.NAME, name);
                listeners.put(pid, listenerFactory.newInstance(instance));
            }
            problems.applied(pid);
        } catch (RuntimeException e) {
            // a bad file changes nothing; what was in force before stays in force
            LOG.error("Not applied: {}", e.getMessage());
            problems.refused(pid, kind.substring("rp.".length()) + " " + name + " not applied: " + e.getMessage()
                    + (isInForce(kind, pid) ? "; its previous version stays in force" : ""));
        }
    }

    private boolean isInForce(String kind, String pid) {
        return kind.equals(RULE) ? routeTable.has(pid) : listeners.containsKey(pid);
    }

    private void publishStats(String pid, String rule) {
        RuleStats published = ruleStats.get(pid);
        if (published != null && published.rule().equals(rule)) {
            return;
        }
        if (published != null) {
            published.unregister();
        }
        RuleStats stats = RuleStats.register(rule, operations);
        if (stats != null) {
            ruleStats.put(pid, stats);
        }
    }

    private void remove(String kind, String pid) {
        problems.applied(pid);
        if (kind.equals(RULE)) {
            RuleStats stats = ruleStats.remove(pid);
            if (stats != null) {
                stats.unregister();
            }
            if (routeTable.remove(pid)) {
                LOG.info("Rule {} removed", pid);
            }
        } else {
            ComponentInstance<ListenerRoute> listener = listeners.remove(pid);
            if (listener != null) {
                listener.dispose();
            }
        }
    }

    /**
     * The name of a listener or rule: the file name says it best, since Karaf's file installer turns a dash in
     * {@code rp.rule~pbx-web.cfg} into a factory alias (PID {@code rp.rule~pbx~web}). So {@code rp.rule~pbx-web.cfg}
     * and {@code rp.rule-pbx-web.cfg} (from {@code config:edit --factory --alias pbx-web rp.rule}) both name
     * {@code pbx-web}; without a file, the PID after its first {@code ~}.
     */
    static String nameOf(String pid, Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (base.endsWith(".cfg")) {
                base = base.substring(0, base.length() - ".cfg".length());
                for (String kind : new String[] {LISTENER, RULE}) {
                    for (char separator : new char[] {'~', '-'}) {
                        String prefix = kind + separator;
                        if (base.startsWith(prefix) && base.length() > prefix.length()) {
                            return base.substring(prefix.length());
                        }
                    }
                }
            }
        }
        if (pid.indexOf('~') >= 0) {
            return pid.substring(pid.indexOf('~') + 1);
        }
        return pid;
    }

    private static Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
