package org.rp.routes;

import java.util.List;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rp.api.sniff.Sniffer;

/**
 * The sniffer services in force, tracked dynamically and greedily: when the sniffer bundle is updated, SCR swaps
 * in a new list and the listeners keep running. Each connection takes the list once, when it is accepted.
 */
@Component(service = Sniffers.class)
public class Sniffers implements Supplier<List<Sniffer>> {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Sniffer> sniffers = List.of();

    @Override
    public List<Sniffer> get() {
        return sniffers;
    }
}
