package org.rp.api.route;

import java.util.List;

import org.rp.api.FirstMessage;

/**
 * The rules in force, as one service. Decisions are made on network event loops: {@link #decide} never blocks
 * and sees either the rules before or after a change, never a mix.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RouteTable {

    /** Most specific host wins (exact, then the longest {@code *.} wildcard, then {@code *}); no match rejects. */
    Decision decide(FirstMessage message);

    /** The rules in force, by name. */
    List<Rule> rules();
}
