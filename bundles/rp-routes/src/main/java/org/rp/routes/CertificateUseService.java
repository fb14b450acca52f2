package org.rp.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.CertificateUse;
import org.rp.api.route.RouteTable;
import org.rp.api.route.Rule;
import org.rp.routes.listener.ListenerRuntime;

/**
 * Which TLS listeners present which certificate, and which rule names a certificate must cover but does not (a
 * client connecting by that name would see a certificate for another name).
 */
@Component(service = CertificateUse.class)
public class CertificateUseService implements CertificateUse {
    private final ListenerRegistry listeners;
    private final RouteTable routeTable;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateStore store;

    @Activate
    public CertificateUseService(@Reference ListenerRegistry listeners, @Reference RouteTable routeTable) {
        this.listeners = listeners;
        this.routeTable = routeTable;
    }

    @Override
    public List<String> listenersUsing(String certificate) {
        List<String> names = new ArrayList<>();
        for (ListenerRuntime listener : listeners.all()) {
            if (listener.settings().tls() && listener.settings().certificate().equals(certificate)) {
                names.add(listener.name());
            }
        }
        return names;
    }

    @Override
    public List<String> uncoveredNames(String certificate) {
        CertificateStore current = store;
        Optional<CertificateInfo> info = current == null ? Optional.empty() : current.info(certificate);
        List<String> uncovered = new ArrayList<>();
        for (ListenerRuntime listener : listeners.all()) {
            if (!listener.settings().tls() || !listener.settings().certificate().equals(certificate)) {
                continue;
            }
            for (Rule rule : routeTable.rules()) {
                // "*" is a default for clients without a name, not a name a certificate could cover
                if (rule.appliesTo(listener.name()) && !rule.host().equals("*")
                        && !(info.isPresent() && coveredElsewhere(current, info.get(), rule.host()))) {
                    uncovered.add(rule.host() + " (rule " + rule.name() + " on listener " + listener.name() + ")");
                }
            }
        }
        return uncovered;
    }

    /** Covered by the listener's certificate, or by another one that SNI would pick for that name. */
    private static boolean coveredElsewhere(CertificateStore store, CertificateInfo own, String host) {
        if (own.covers(host)) {
            return true;
        }
        for (CertificateInfo other : store.list()) {
            if (other.chainLength() > 0 && other.covers(host)) {
                return true;
            }
        }
        return false;
    }
}
