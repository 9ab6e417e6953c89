package io.comet.protocol;

/**
 * Writes text as a JavaScript string literal that is also safe inside an HTML {@code <script>}
 * element: quotes, backslash, {@code < > &}, every control character, U+2028, U+2029 and everything
 * outside ASCII become {@code \\uXXXX} escapes, so no packet can end the string, the script or the
 * document, whatever the page's charset.
 */
public final class JsEscaper {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsEscaper() {
    }

    /** The double-quoted literal for {@code s}. */
    public static String literal(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'' && c != '<' && c != '>' && c != '&') {
                sb.append(c);
            } else {
                sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return sb.append('"').toString();
    }

    /** Whether {@code name} is a plain JavaScript identifier of at most 64 characters (ASCII only). */
    public static boolean isIdentifier(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
