package org.rp.api;

import java.util.Locale;

/** The protocols a listener can accept; {@link #configName()} is the spelling used in {@code protocols = ...}. */
public enum Protocol {
    HTTP, TLS, LDAP, H323, SIP;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Protocol fromConfigName(String name) {
        for (Protocol p : values()) {
            if (p.configName().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name.trim() + "' (one of http, tls, ldap, h323, sip)");
    }
}
