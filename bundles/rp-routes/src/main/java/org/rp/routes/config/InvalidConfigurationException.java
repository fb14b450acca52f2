package org.rp.routes.config;

/** A listener or rule configuration that is not applied; the message says every key that is wrong. */
public final class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
