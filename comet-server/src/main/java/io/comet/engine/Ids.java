package io.comet.engine;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids for sessions and sockets: 120 random bits, URL-safe base64, 20 characters. */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String random() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
